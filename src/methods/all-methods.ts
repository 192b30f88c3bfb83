/** The full method list the registry is built from. */
import type { Dispatch } from '../registry/dispatch';
import type { MethodDefinition } from '../registry/method-definition';
import { accessInfoMethods } from './access-info';
import { authMethods } from './auth';
import { batchMethods } from './batch';
import { channelMethods } from './channels';
import type { MethodDeps } from './method-deps';
import { userMethods } from './users';

export function allMethods(deps: MethodDeps, dispatch: () => Dispatch): MethodDefinition[] {
  return [...accessInfoMethods(), ...batchMethods(dispatch), ...authMethods(deps), ...channelMethods(deps), ...userMethods(deps)];
}
