/** @logbook/client: the package's public surface. */
export { connect, LogbookClient, type ConnectOptions } from './client';
export { ChangeFollower, type SyncOptions, type FollowerPort } from './change-follower';
export { LogbookError, type ClientErrorId } from './errors';
export type * from './api-types';
