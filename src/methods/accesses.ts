/** accesses.get/create/update/delete (SPEC §3, §4): tokens with permissions, each managed by the access above it. */
import { ApiError } from '../errors';
import type { Access, AccessType, ChangeAction, Permission } from '../model/items';
import { callerOf, CallContext } from '../registry/call-context';
import { defineMethod, MethodDefinition } from '../registry/method-definition';
import { checkRequestedPermissions, manages, requireMayCreate } from './accesses-rules';
import { initialClientData, mergeClientData } from './client-data';
import { endAccess } from './end-access';
import { generateItemId } from './item-ids';
import { publicDeletion } from './channel-scope';
import type { ChangeRecord } from '../storage/store';
import type { MethodDeps } from './method-deps';
import { withoutUndefined } from '../model/without-undefined';

export function accessMethods(deps: MethodDeps): MethodDefinition[] {
  const { store, sessions, signer } = deps;

  /** The access `id` when the caller manages it; any other is as unknown as a missing one. */
  async function managed(context: CallContext, id: string): Promise<Access> {
    const caller = callerOf(context).access;
    const access = await store.accesses.get(context.username, id);
    if (access && manages(caller, access)) return access;
    if (id === caller.id) throw new ApiError('forbidden', 'An access may delete itself but not change itself', { id });
    throw new ApiError('unknown-resource', `Unknown access "${id}"`, { id });
  }

  const get = defineMethod({
    name: 'accesses.get',
    channelScoped: false,
    authentication: 'token',
    paramsSchema: 'methods/accesses.get.json',
    resultSchema: 'results/accesses.get.json',
    http: { verb: 'get', path: '/accesses' },
    async run(params, context) {
      const caller = callerOf(context).access;
      const query = caller.type === 'personal' ? { types: ['app', 'shared'] as AccessType[] } : caller.type === 'app' ? { types: ['shared'] as AccessType[], createdBy: caller.id } : null;
      const accesses = query ? await store.accesses.list(context.username, query) : [];
      if (params.includeDeletionsSince === undefined) return { accesses };
      const records = await store.deletions.since(context.username, 'accesses', params.includeDeletionsSince);
      // Each caller hears of the deletions of the accesses it managed: all for personal, its own children for an app.
      const accessDeletions = records.filter((record) => caller.type === 'personal' || (caller.type === 'app' && record.createdBy === caller.id)).map(publicDeletion);
      return { accesses, accessDeletions };
    },
  });

  const create = defineMethod({
    name: 'accesses.create',
    channelScoped: false,
    authentication: 'token',
    paramsSchema: 'methods/accesses.create.json',
    resultSchema: 'results/accesses.create.json',
    http: { verb: 'post', path: '/accesses', status: 201 },
    authorize: (params, context) => requireMayCreate(callerOf(context).access, params.type ?? 'shared'),
    async run(params, context) {
      const caller = callerOf(context);
      if (params.expires !== undefined && params.expires <= context.now) throw invalidParam('/expires', 'must be in the future');
      await checkRequestedPermissions(deps.channelCache, context.username, caller, params.permissions, '/permissions');
      const id = generateItemId();
      const access = withoutUndefined<Access>({
        id,
        token: signer.sign({ username: context.username, accessId: id }, params.expires),
        type: params.type ?? 'shared',
        name: params.name,
        deviceName: params.deviceName,
        permissions: params.permissions.map(normalize),
        expires: params.expires,
        clientData: initialClientData(params.clientData),
        created: context.now,
        createdBy: caller.access.id,
        modified: context.now,
        modifiedBy: caller.access.id,
      });
      await store.accesses.create(context.username, access, accessChange('created', access));
      return { access };
    },
  });

  const update = defineMethod({
    name: 'accesses.update',
    channelScoped: false,
    authentication: 'token',
    paramsSchema: 'methods/accesses.update.json',
    resultSchema: 'results/accesses.update.json',
    http: { verb: 'put', path: '/accesses/:id', body: 'update' },
    authorize: (_params, context) => requireManager(callerOf(context).access),
    async run({ id, update: changes }, context) {
      const caller = callerOf(context);
      const current = await managed(context, id);
      if (changes.permissions) await checkRequestedPermissions(deps.channelCache, context.username, caller, changes.permissions, '/update/permissions');
      if (changes.expires !== undefined) checkNewExpiry(changes.expires, current, context.now);
      const next = withoutUndefined<Access>({
        ...current,
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.deviceName !== undefined ? { deviceName: changes.deviceName ?? undefined } : {}),
        ...(changes.permissions !== undefined ? { permissions: changes.permissions.map(normalize) } : {}),
        ...(changes.expires !== undefined ? { expires: changes.expires } : {}),
        ...(changes.clientData !== undefined ? { clientData: mergeClientData(current.clientData, changes.clientData) } : {}),
        modified: context.now,
        modifiedBy: caller.access.id,
      });
      const updated = await store.accesses.replace(context.username, current, next, accessChange('updated', current));
      if (!updated) throw new ApiError('unknown-resource', `Unknown access "${id}"`, { id });
      await sessions.refreshAccess(context.username, current, updated.item);
      return { access: updated.item };
    },
  });

  const remove = defineMethod({
    name: 'accesses.delete',
    channelScoped: false,
    authentication: 'token',
    paramsSchema: 'methods/accesses.delete.json',
    resultSchema: 'results/accesses.delete.json',
    http: { verb: 'delete', path: '/accesses/:id' },
    authorize(params, context) {
      const caller = callerOf(context).access;
      if (params.id !== caller.id) requireManager(caller);
    },
    async run({ id }, context) {
      const caller = callerOf(context).access;
      // Any access may delete itself (SPEC §3); endAccess also disconnects its open sockets.
      const target = id === caller.id ? caller : await managed(context, id);
      return { accessDeletion: await endAccess(deps, context.username, target, context.now) };
    },
  });

  return [get, create, update, remove];
}

/** Shared accesses manage none; refusing before any lookup tells them nothing about other accesses. */
function requireManager(caller: Access): void {
  if (caller.type === 'shared') throw new ApiError('forbidden', 'A shared access manages no accesses');
}

/**
 * The token carries the expiry it was signed with, so an expiry can be set or brought forward but
 * not pushed past it: that would need a new token, which is a new access.
 */
function checkNewExpiry(expires: number, current: Access, now: number): void {
  if (expires <= now) throw invalidParam('/update/expires', 'must be in the future');
  if (current.expires !== undefined && expires > current.expires) {
    throw new ApiError('invalid-operation', 'An access expiry can be brought forward, not pushed back; create a new access instead', { expires: current.expires });
  }
}

function invalidParam(path: string, message: string): ApiError {
  return new ApiError('invalid-parameters-format', `Invalid parameters: ${path} ${message}`, [{ path, message }]);
}

function normalize({ channelId, folderId, level }: Permission): Permission {
  return folderId === undefined ? { channelId, level } : { channelId, folderId, level };
}

/** The change an access write makes: heard by personal sockets and by the app that created the access. */
export function accessChange(action: ChangeAction, access: Pick<Access, 'id' | 'createdBy'>): ChangeRecord {
  return { kind: 'accesses', action, ids: [access.id], scope: { accessCreators: [access.createdBy] } };
}
