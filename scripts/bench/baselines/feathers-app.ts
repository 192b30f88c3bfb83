/**
 * The peer: a minimal Feathers v5 app as its generator would make it (Koa REST + Socket.IO, the
 * official MongoDB adapter, every connection in one channel that hears every event), serving
 * `events` from its own collection in the scenario's database. No authentication: Feathers' minimal
 * app has none, while Logbook checks a token on every call; the comparison says so.
 */
import { feathers } from '@feathersjs/feathers';
import { bodyParser, errorHandler, koa, rest } from '@feathersjs/koa';
import socketio from '@feathersjs/socketio';
import { MongoDBService } from '@feathersjs/mongodb';
import { MongoClient } from 'mongodb';
import { seedEvent } from '../servers/seed-events';
import { onRequest } from '../servers/server-hook';

const port = Number(process.env.PORT);
const mongodbUrl = process.env.MONGODB_URL!;
export const FEATHERS_COLLECTION = 'feathers_events';

async function main(): Promise<void> {
  const client = await MongoClient.connect(mongodbUrl);
  const collection = client.db().collection(FEATHERS_COLLECTION);
  // The index a developer would add for "newest events of a channel".
  await collection.createIndex({ channelId: 1, time: -1 });

  const app = koa(feathers());
  app.use(errorHandler());
  app.use(bodyParser());
  app.configure(rest());
  app.configure(socketio());
  app.use('events', new MongoDBService({ Model: collection }));
  app.on('connection', (connection: any) => app.channel('everybody').join(connection));
  app.publish(() => app.channel('everybody'));

  // Seeding through the raw driver: the very events of Logbook's channel (same generator, same
  // folders, types, content, tags and periods), as their client sends them. Feathers keeps what it is
  // given and adds `_id`; what Logbook adds (its id, who made and changed each event and when) a
  // minimal Feathers app does not have.
  onRequest('seed', async ({ channelId, count }) => {
    const now = Date.now() / 1000;
    const total = count as number;
    for (let start = 0; start < total; start += 1000) {
      const docs = [];
      for (let i = start; i < Math.min(start + 1000, total); i++) {
        const { id: _id, created: _created, createdBy: _createdBy, modified: _modified, modifiedBy: _modifiedBy, ...sent } = seedEvent(i, total, channelId as string, 'feathers', now);
        docs.push(sent);
      }
      await collection.insertMany(docs);
    }
    return { count };
  });

  const server = await app.listen(port, '127.0.0.1');
  process.once('SIGTERM', () => {
    server.closeAllConnections?.();
    void client.close().finally(() => process.exit(0));
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
