/** Baseline: bare Koa + @koa/router answering `GET /:username/access-info` with a copy of Logbook's answer. */
import http from 'node:http';
import Koa from 'koa';
import Router from '@koa/router';
import '../servers/server-hook';

const port = Number(process.env.PORT);
const answer = JSON.parse(process.env.BENCH_PAYLOAD ?? '{}') as { meta?: Record<string, unknown> };

const app = new Koa();
const router = new Router();
router.get('/:username/access-info', (ctx) => {
  ctx.body = { ...answer, meta: { ...answer.meta, serverTime: Date.now() / 1000 } };
});
app.use(router.routes());

const server = http.createServer(app.callback()).listen(port, '127.0.0.1');
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
