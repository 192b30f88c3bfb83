/**
 * `npm run call -- --user alice --token T --method channels.create --params '{"name":"Work"}'`
 * runs one method in this process as a worker (no HTTP, no sockets), against the configured store;
 * with REDIS_URL set its notifications reach the sockets of every node.
 */
import pino from 'pino';
import { createWorker } from '../app';
import { loadConfig } from '../config';
import { createLogger } from '../logger';

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<number> {
  const username = argument('user');
  const method = argument('method');
  if (!username || !method) {
    console.error('usage: call --user USERNAME --token TOKEN --method METHOD_ID [--params JSON]');
    return 2;
  }
  const config = loadConfig();
  const worker = await createWorker(config, createLogger(config.logLevel, pino.destination(2)));
  try {
    const params = JSON.parse(argument('params') ?? '{}');
    const result = await worker.dispatch({ methodId: method, params, username, token: argument('token') ?? null, transport: 'worker' });
    console.log(JSON.stringify(result));
    return 0;
  } catch (error) {
    console.log(JSON.stringify({ error: (error as { toBody?: () => unknown }).toBody?.() ?? String(error) }));
    return 1;
  } finally {
    await worker.close();
  }
}

main().then((code) => process.exit(code));
