const root = document.querySelector<HTMLDivElement>('#app');
if (root) root.textContent = 'hello from e2e-vite-spa';
