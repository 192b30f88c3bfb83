/** The set of method definitions; duplicate names or routes fail at boot, not at the first call. */
import type { MethodDefinition } from './method-definition';
import { parseMethodId } from './method-id';

export interface ResolvedMethod {
  definition: MethodDefinition;
  channelId: string | null;
}

export class MethodRegistry {
  private readonly accountMethods = new Map<string, MethodDefinition>();
  private readonly channelMethods = new Map<string, MethodDefinition>();
  private readonly routes = new Set<string>();

  register(...definitions: MethodDefinition[]): this {
    for (const definition of definitions) {
      const table = definition.channelScoped ? this.channelMethods : this.accountMethods;
      if (table.has(definition.name)) throw new Error(`method "${definition.name}" is defined twice`);
      if (definition.http) {
        const route = `${definition.http.verb} ${definition.channelScoped ? '/:cid' : ''}${definition.http.path}`;
        if (this.routes.has(route)) throw new Error(`route "${route}" is defined twice`);
        this.routes.add(route);
      }
      table.set(definition.name, definition);
    }
    return this;
  }

  /** The definition a method id names, or null for an unknown id. */
  resolve(methodId: string): ResolvedMethod | null {
    const parsed = parseMethodId(methodId);
    if (!parsed) return null;
    const table = parsed.channelId === null ? this.accountMethods : this.channelMethods;
    const definition = table.get(parsed.name);
    return definition ? { definition, channelId: parsed.channelId } : null;
  }

  /** All definitions, account methods first so fixed paths win over channel paths in routing. */
  definitions(): MethodDefinition[] {
    return [...this.accountMethods.values(), ...this.channelMethods.values()];
  }
}
