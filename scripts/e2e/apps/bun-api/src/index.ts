import ms from 'ms';

const port = Number(process.env.PORT ?? 3000);
const started = Date.now();

const server = Bun.serve({
  port,
  hostname: '0.0.0.0',
  fetch(req) {
    const url = new URL(req.url);
    if (url.pathname === '/health') {
      return Response.json({ status: 'ok', uptime: ms(Date.now() - started) });
    }
    if (url.pathname === '/') {
      return Response.json({ hello: 'bun', version: Bun.version });
    }
    return new Response('not found', { status: 404 });
  },
});

console.log(`bun-api listening on ${server.port}`);

process.on('SIGTERM', () => {
  server.stop();
  process.exit(0);
});
