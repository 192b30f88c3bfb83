/** Picks the backend from the configuration: MongoDB when MONGODB_URL is set, else the embedded store. */
import { Config } from '../config';
import { Database } from './database';
import { openEmbeddedDatabase } from './embedded/embedded-database';
import { openMongoDatabase } from './mongo/mongo-database';

export function openDatabase(config: Pick<Config, 'mongodbUrl' | 'dataDir'>): Promise<Database> {
  return config.mongodbUrl ? openMongoDatabase(config.mongodbUrl) : openEmbeddedDatabase(config.dataDir);
}
