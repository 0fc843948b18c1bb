const port = Number(Deno.env.get('PORT') ?? 8000);
const started = Date.now();

Deno.serve({ port, hostname: '0.0.0.0' }, (req) => {
  const { pathname } = new URL(req.url);
  if (pathname === '/health') {
    return Response.json({ status: 'ok', uptimeMs: Date.now() - started });
  }
  if (pathname === '/') {
    return Response.json({ hello: 'deno', version: Deno.version.deno });
  }
  return new Response('not found', { status: 404 });
});
