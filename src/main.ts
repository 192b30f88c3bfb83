/** Process entry: configuration, then the app, then listen; SIGTERM and SIGINT close cleanly. */
import { createApp } from './app';
import { loadConfig } from './config';
import { createLogger } from './logger';
import { bounded } from './lifecycle/drain';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const app = await createApp(config, logger);
  const url = await app.listen();
  logger.info({ url, store: config.mongodbUrl ? 'mongodb' : `embedded (${config.dataDir})` }, 'Logbook is listening');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'closing');
      // Bounded whatever Redis and the store do; a second signal does not restart it (once).
      bounded(app.close(), config.shutdownTimeoutSeconds * 1000).then((closed) => {
        if (!closed) logger.error('close did not finish in time; exiting anyway');
        process.exit(closed ? 0 : 1);
      });
    });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
