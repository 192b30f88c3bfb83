/** Checks shared by method `authorize` hooks; invisible items are reported as unknown, not forbidden. */
import { ApiError } from '../errors';
import type { Level } from '../model/items';
import { satisfies } from '../access/permissions';
import { CallContext, callerOf } from '../registry/call-context';

export function requirePersonal(context: CallContext): void {
  if (!callerOf(context).permissions.isPersonal) throw new ApiError('forbidden', 'Only a personal access may do this');
}

/** The caller must see channel `channelId` and hold `level` on all of it. */
export function requireChannelLevel(context: CallContext, channelId: string, level: Level): void {
  const { permissions } = callerOf(context);
  if (!permissions.seesChannel(channelId)) throw new ApiError('unknown-resource', `Unknown channel "${channelId}"`, { channelId });
  if (!satisfies(permissions.channelLevel(channelId), level)) {
    throw new ApiError('forbidden', `This access needs "${level}" on channel "${channelId}"`, { channelId, level });
  }
}
