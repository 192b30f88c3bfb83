/** The set of method definitions; duplicate names or routes fail at boot, not at the first call. */
import type { MethodDefinition } from './method-definition';
import { parseMethodId } from './method-id';

const MAX_RESOLVED_IDS = 10000;

export interface ResolvedMethod {
  definition: MethodDefinition;
  channelId: string | null;
}

export class MethodRegistry {
  private readonly accountMethods = new Map<string, MethodDefinition>();
  private readonly channelMethods = new Map<string, MethodDefinition>();
  private readonly routes = new Set<string>();
  /** Resolved ids: parsing is cheap but every call does it. Bounded, since ids carry channel ids. */
  private readonly resolved = new Map<string, ResolvedMethod | null>();

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
    this.resolved.clear();
    return this;
  }

  /** The definition a method id names, or null for an unknown id. */
  resolve(methodId: string): ResolvedMethod | null {
    let resolved = this.resolved.get(methodId);
    if (resolved === undefined) {
      resolved = this.lookup(methodId);
      if (this.resolved.size >= MAX_RESOLVED_IDS) this.resolved.clear();
      this.resolved.set(methodId, resolved);
    }
    return resolved;
  }

  private lookup(methodId: string): ResolvedMethod | null {
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
