/** The `{cid}.events.*` methods of SPEC §4, gathered from their files. */
import type { MethodDefinition } from '../registry/method-definition';
import { eventCreateMethods } from './events-create';
import { eventReadMethods } from './events-read';
import { eventUpdateMethods } from './events-update';
import type { MethodDeps } from './method-deps';

/** Every event method; the read ones first so `GET /events/running` is routed before `GET /events/:id`. */
export function eventMethods(deps: MethodDeps): MethodDefinition[] {
  return [...eventReadMethods(deps), ...eventCreateMethods(deps), ...eventUpdateMethods(deps)];
}
