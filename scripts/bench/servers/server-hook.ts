/**
 * Loaded into every benchmark server (`node -r .../server-hook.js`, or imported by our own servers):
 * answers the load generator's `gc` and `memory` requests over IPC, and ends the server when the
 * load generator goes away, so that no server outlives a killed benchmark.
 */

type Message = { id: number; type: string };

/** Handlers for further request types, registered by the server script itself (e.g. the raw driver's `run`). */
const handlers = new Map<string, (message: Message & Record<string, unknown>) => Promise<Record<string, unknown>>>();

export function onRequest(type: string, handler: (message: Message & Record<string, unknown>) => Promise<Record<string, unknown>>): void {
  handlers.set(type, handler);
}

function memory(): Record<string, number> {
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  return { rss, heapUsed, heapTotal, external, arrayBuffers };
}

async function answer(message: Message & Record<string, unknown>): Promise<Record<string, unknown>> {
  if (message.type === 'memory') return memory();
  if (message.type === 'gc') {
    const gc = (globalThis as { gc?: () => void }).gc;
    // Several passes: the first frees young objects whose finalizers free more on the next.
    if (gc) for (let pass = 0; pass < 3; pass++) gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { ...memory(), collected: gc !== undefined };
  }
  const handler = handlers.get(message.type);
  if (!handler) throw new Error(`unknown request "${message.type}"`);
  return handler(message);
}

if (process.send) {
  process.on('message', (message: Message & Record<string, unknown>) => {
    answer(message).then(
      (reply) => process.send?.({ ...reply, id: message.id }),
      (error: Error) => process.send?.({ id: message.id, error: error.stack ?? String(error) }),
    );
  });
  process.on('disconnect', () => {
    // SIGTERM lets Logbook close its store cleanly; the timer is the backstop for servers that ignore it.
    setTimeout(() => process.exit(0), 3000).unref();
    process.kill(process.pid, 'SIGTERM');
  });
}
