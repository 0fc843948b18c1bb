import express from 'express';

const app = express();
const port = Number(process.env.PORT ?? 8080);

app.get('/healthz', (_req, res) => {
  res.json({ status: 'ok' });
});

app.get('/', (_req, res) => {
  res.json({ message: 'hello from e2e-node-ts-express' });
});

const server = app.listen(port, '0.0.0.0', () => {
  console.log(JSON.stringify({ msg: 'listening', port }));
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
