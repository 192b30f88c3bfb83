/** The full method list the registry is built from. */
import type { Dispatch } from '../registry/dispatch';
import type { MethodDefinition } from '../registry/method-definition';
import { accessInfoMethods } from './access-info';
import { accessMethods } from './accesses';
import { authMethods } from './auth';
import { batchMethods } from './batch';
import { changeMethods } from './changes';
import { channelMethods } from './channels';
import { eventMethods } from './events';
import { folderMethods } from './folders';
import type { MethodDeps } from './method-deps';
import { realtimeMethods } from './realtime';
import { userMethods } from './users';
import { valueMethods } from './values';

export function allMethods(deps: MethodDeps, dispatch: () => Dispatch): MethodDefinition[] {
  return [
    ...accessInfoMethods(),
    ...batchMethods(dispatch, deps.config),
    ...authMethods(deps),
    ...channelMethods(deps),
    ...folderMethods(deps),
    ...eventMethods(deps),
    ...valueMethods(deps),
    ...accessMethods(deps),
    ...changeMethods(deps),
    ...realtimeMethods(deps),
    ...userMethods(deps),
  ];
}
