/**
 * The stores every storage-dependent suite runs against: the embedded store always, MongoDB when
 * MONGODB_URL is set. Under CI=true a missing MONGODB_URL fails the run instead of skipping.
 */
import { randomBytes } from 'node:crypto';

export type BackendName = 'embedded' | 'mongodb';

export interface Backend {
  name: BackendName;
  /** A MongoDB URL naming a database of its own, so suites never see each other's data. */
  freshMongoUrl(): string | null;
}

const mongoUrl = process.env.MONGODB_URL?.trim() || null;

export const backends: Backend[] = [
  { name: 'embedded', freshMongoUrl: () => null },
  ...(mongoUrl ? [{ name: 'mongodb' as const, freshMongoUrl: () => withDatabase(mongoUrl, `logbook_test_${randomBytes(6).toString('hex')}`) }] : []),
];

if (!mongoUrl) {
  if (process.env.CI === 'true') {
    describe('MongoDB backend', () => {
      it('is configured under CI (MONGODB_URL must be set by .ci/run)', () => {
        throw new Error('MONGODB_URL is not set under CI=true: the MongoDB suites would be skipped');
      });
    });
  } else {
    console.warn('MONGODB_URL is not set: the MongoDB suites are skipped (the embedded store suites run).');
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
