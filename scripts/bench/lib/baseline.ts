/** Starting one of our own server scripts (baselines/, peers) as a child on a free port. */
import path from 'node:path';
import { BenchChild, freePort, waitForPort } from './children';
import { BENCH_DIST, BenchContext } from './context';

export interface StartedServer {
  url: string;
  child: BenchChild;
}

/** `script` is relative to dist/scripts/bench (e.g. `baselines/bare-koa.js`); PORT is chosen here. */
export async function startServerScript(context: BenchContext, name: string, script: string, options: { env?: Record<string, string>; core: number | null; nodeArgs?: string[] }): Promise<StartedServer> {
  const port = await freePort();
  const child = BenchChild.start({
    name,
    script: path.join(BENCH_DIST, script),
    env: { ...options.env, PORT: String(port) },
    core: options.core,
    nodeArgs: options.nodeArgs,
    logDir: context.workDir,
  });
  await waitForPort(port, child);
  return { url: `http://127.0.0.1:${port}`, child };
}
