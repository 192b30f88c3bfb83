/** Process entry: configuration, then the app, then listen; SIGTERM and SIGINT close cleanly. */
import pino from 'pino';
import { createApp } from './app';
import { loadConfig } from './config';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel });
  const app = await createApp(config, logger);
  const url = await app.listen();
  logger.info({ url, store: config.mongodbUrl ? 'mongodb' : `embedded (${config.dataDir})` }, 'Logbook is listening');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'closing');
      app.close().then(
        () => process.exit(0),
        (error) => {
          logger.error({ err: error }, 'close failed');
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
