/** The real method definitions, built as src/app.ts builds them on a throwaway embedded store, for meta-tests that read them. */
import pino from 'pino';
import { RealtimeHub } from '../../src/notifications/realtime/realtime-hub';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Authenticator } from '../../src/access/authenticate';
import { TokenSigner } from '../../src/access/tokens';
import { allMethods } from '../../src/methods/all-methods';
import { ChannelCache } from '../../src/methods/channel-cache';
import { SocketNotifier } from '../../src/notifications/socket-notifier';
import type { Dispatch } from '../../src/registry/dispatch';
import type { MethodDefinition } from '../../src/registry/method-definition';
import { openStore } from '../../src/storage/open-store';

export interface BuiltDefinitions {
  definitions: MethodDefinition[];
  /** Closes the store and removes its folder. */
  close(): Promise<void>;
}

/** Builds every definition allMethods returns; dispatch is never called. */
export async function buildDefinitions(): Promise<BuiltDefinitions> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'logbook-meta-'));
  const store = await openStore({ mongodbUrl: null, dataDir });
  const signer = new TokenSigner('meta-test-secret');
  const channelCache = new ChannelCache(store, () => Date.now() / 1000);
  const deps = { store, channelCache, sessions: new SocketNotifier(), signer, accountCaches: new Authenticator(store, signer), realtime: new RealtimeHub(pino({ level: 'silent' })), config: { maxResults: 10000, maxBatchCalls: 100, maxBatchResultBytes: 16777216, realtimeMaxMessageBytes: 8192, realtimeMaxGroups: 100 } };
  const dispatch = (): Dispatch => {
    throw new Error('the meta-test registry never dispatches');
  };
  return {
    definitions: allMethods(deps, dispatch),
    async close() {
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** In a describe: builds the definitions before the suite and closes their store after it; read them from the getter. */
export function useDefinitions(): () => MethodDefinition[] {
  let built: BuiltDefinitions | undefined;
  before(async () => {
    built = await buildDefinitions();
  });
  after(async () => {
    await built?.close();
  });
  return () => built!.definitions;
}
