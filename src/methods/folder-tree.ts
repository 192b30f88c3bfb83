/** A channel's folders as a tree: ancestry for permissions, descendants for queries, trash by inheritance. */
import type { Folder, FolderNode } from '../model/items';

export class FolderTree {
  private readonly byId = new Map<string, Folder>();
  private readonly childrenOf = new Map<string | null, Folder[]>();

  constructor(folders: readonly Folder[]) {
    for (const folder of folders) this.byId.set(folder.id, folder);
    for (const folder of folders) {
      // A parent that no longer exists (a partial delete) leaves its children at the root rather than lost.
      const parent = folder.parentId !== null && this.byId.has(folder.parentId) ? folder.parentId : null;
      const siblings = this.childrenOf.get(parent) ?? [];
      siblings.push(folder);
      this.childrenOf.set(parent, siblings);
    }
  }

  get(id: string): Folder | undefined {
    return this.byId.get(id);
  }

  /** Direct children, sorted by name. */
  children(parentId: string | null): Folder[] {
    return [...(this.childrenOf.get(parentId) ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The folder, then its parent, up to the root; empty for null (no folder). */
  ancestry(id: string | null): string[] {
    const path: string[] = [];
    for (let folder = id === null ? undefined : this.byId.get(id); folder && !path.includes(folder.id); folder = folder.parentId === null ? undefined : this.byId.get(folder.parentId)) {
      path.push(folder.id);
    }
    return path;
  }

  /** The folder and every folder below it. */
  descendants(id: string): string[] {
    const result: string[] = [];
    const pending = [id];
    while (pending.length > 0) {
      const current = pending.pop()!;
      if (result.includes(current) || !this.byId.has(current)) continue;
      result.push(current);
      for (const child of this.childrenOf.get(current) ?? []) pending.push(child.id);
    }
    return result;
  }

  /** True when the folder or one of its ancestors is trashed. */
  isInTrash(id: string): boolean {
    return this.ancestry(id).some((folderId) => this.byId.get(folderId)?.trashed === true);
  }

  /** The subtree under `id` (or the roots for null) as nodes with `children`, keeping only folders `keep` accepts. */
  nodes(parentId: string | null, keep: (folder: Folder) => boolean): FolderNode[] {
    return this.children(parentId)
      .filter(keep)
      .map((folder) => ({ ...folder, children: this.nodes(folder.id, keep) }));
  }
}
