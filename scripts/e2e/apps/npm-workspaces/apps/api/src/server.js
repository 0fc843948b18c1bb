const express = require('express');
const { greet } = require('e2e-greeting');

const app = express();
app.get('/healthz', (_req, res) => res.json({ status: 'ok' }));
app.get('/', (_req, res) => res.send(greet('workspace')));

const port = Number(process.env.PORT) || 4000;
const server = app.listen(port, '0.0.0.0', () => console.log(`listening on ${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
