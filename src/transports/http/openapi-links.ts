/**
 * OpenAPI links from each operation that creates an item to the operations that address that kind of
 * item by id, so stateful tools (schemathesis) follow real items through update, get and delete.
 */
import type { MethodDefinition } from '../../registry/method-definition';
import type { Validator } from '../../validation/validator';

/** The links of `definition`'s success response, or undefined when it creates nothing addressable. */
export function creationLinks(definition: MethodDefinition, definitions: MethodDefinition[], validator: Validator): Record<string, unknown> | undefined {
  if (definition.http?.status !== 201 || definition.authentication === 'admin-key') return undefined;
  // `{channel}`, `{event, stoppedId?}`: the created item is the result's first required member.
  const item = (validator.schema(definition.resultSchema).required as string[] | undefined)?.[0];
  if (!item) return undefined;
  const group = definition.name.split('.')[0];
  const links: Record<string, unknown> = {};
  for (const target of definitions) {
    if (target.name.split('.')[0] !== group || target.channelScoped !== definition.channelScoped || !target.http?.path.includes(':id')) continue;
    const parameters: Record<string, string> = { username: '$request.path.username', id: `$response.body#/${item}/id` };
    if (target.channelScoped) parameters.cid = '$request.path.cid';
    links[target.name] = { operationId: target.name, parameters };
  }
  return Object.keys(links).length > 0 ? links : undefined;
}
