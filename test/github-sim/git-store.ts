/**
 * A content-addressed git object database with refs, hashed exactly like git: the id of an
 * object is sha1("<type> <byte length>\0<body>"), trees are sorted like git sorts them, commits
 * are serialised like `git cat-file -p` shows them. Two commits with the same tree, parents,
 * author, committer, times and message therefore get the same sha, as in git.
 */
import { createHash } from 'node:crypto';

export interface Blob {
  type: 'blob';
  sha: string;
  content: Buffer;
}

export type TreeEntryMode = '100644' | '100755' | '040000' | '160000' | '120000';

export interface TreeEntry {
  name: string;
  mode: TreeEntryMode;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
}

export interface Tree {
  type: 'tree';
  sha: string;
  entries: TreeEntry[];
}

export interface Signature {
  name: string;
  email: string;
  /** ISO 8601, second precision, UTC (`2026-01-01T00:00:00Z`). */
  date: string;
}

export interface Commit {
  type: 'commit';
  sha: string;
  tree: string;
  parents: string[];
  author: Signature;
  committer: Signature;
  message: string;
}

export type GitObject = Blob | Tree | Commit;

/** A path → new content (string or bytes), or null to delete, applied onto a tree. */
export type TreeChange =
  | { path: string; mode: TreeEntryMode; type: 'blob' | 'tree' | 'commit'; sha: string | null }
  | { path: string; mode: TreeEntryMode; type: 'blob'; content: string | Buffer };

export class GitError extends Error {}

export class GitStore {
  private readonly objects = new Map<string, GitObject>();
  /** Full ref names (`refs/heads/main`) → commit sha. */
  readonly refs = new Map<string, string>();

  get(sha: string): GitObject | undefined {
    return this.objects.get(sha.toLowerCase());
  }

  blob(sha: string): Blob | undefined {
    const o = this.get(sha);
    return o?.type === 'blob' ? o : undefined;
  }

  tree(sha: string): Tree | undefined {
    const o = this.get(sha);
    return o?.type === 'tree' ? o : undefined;
  }

  commit(sha: string): Commit | undefined {
    const o = this.get(sha);
    return o?.type === 'commit' ? o : undefined;
  }

  writeBlob(content: string | Buffer): Blob {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const sha = hashObject('blob', data);
    const existing = this.blob(sha);
    if (existing) return existing;
    const blob: Blob = { type: 'blob', sha, content: data };
    this.objects.set(sha, blob);
    return blob;
  }

  writeTree(entries: TreeEntry[]): Tree {
    const sorted = [...entries].sort(compareEntries);
    const names = new Set<string>();
    for (const e of sorted) {
      if (names.has(e.name)) throw new GitError(`duplicate entry ${e.name}`);
      names.add(e.name);
    }
    const body = Buffer.concat(
      sorted.map((e) =>
        Buffer.concat([
          Buffer.from(`${e.mode === '040000' ? '40000' : e.mode} ${e.name}\0`, 'utf8'),
          Buffer.from(e.sha, 'hex'),
        ]),
      ),
    );
    const sha = hashObject('tree', body);
    const existing = this.tree(sha);
    if (existing) return existing;
    const tree: Tree = { type: 'tree', sha, entries: sorted };
    this.objects.set(sha, tree);
    return tree;
  }

  writeCommit(input: Omit<Commit, 'type' | 'sha'>): Commit {
    if (!this.tree(input.tree)) throw new GitError('Tree SHA does not exist');
    for (const p of input.parents) {
      if (!this.commit(p))
        throw new GitError('Parent SHA does not exist or is not a commit object');
    }
    const lines = [`tree ${input.tree}`];
    for (const p of input.parents) lines.push(`parent ${p}`);
    lines.push(`author ${signatureLine(input.author)}`);
    lines.push(`committer ${signatureLine(input.committer)}`);
    const body = Buffer.from(`${lines.join('\n')}\n\n${input.message}`, 'utf8');
    const sha = hashObject('commit', body);
    const existing = this.commit(sha);
    if (existing) return existing;
    const commit: Commit = { type: 'commit', sha, ...input, parents: [...input.parents] };
    this.objects.set(sha, commit);
    return commit;
  }

  /**
   * A new tree: `base` (a tree sha, or none for an empty start) with `changes` applied. Paths
   * may be nested (`a/b/c.txt`): intermediate trees are created or rewritten as needed; a
   * change with `sha: null` deletes the path; empty trees left behind are dropped, as git does.
   */
  applyChanges(base: string | undefined, changes: TreeChange[]): Tree {
    const root = base ? this.expand(base) : new Map<string, DraftNode>();
    for (const change of changes) {
      const parts = change.path.split('/').filter((p) => p.length > 0);
      if (parts.length === 0) throw new GitError(`invalid path ${JSON.stringify(change.path)}`);
      let dir: Map<string, DraftNode> | undefined = root;
      for (const part of parts.slice(0, -1)) {
        let node: DraftNode | undefined = dir.get(part);
        if (!node || node.kind !== 'dir') {
          if (isDeletion(change)) {
            dir = undefined;
            break;
          }
          node = { kind: 'dir', children: new Map() };
          dir.set(part, node);
        }
        if (node.children === null) node.children = this.expand(node.sha as string);
        dir = node.children;
      }
      const name = parts[parts.length - 1] as string;
      if (isDeletion(change)) {
        dir?.delete(name);
        continue;
      }
      if (!dir) continue;
      if ('content' in change) {
        const blob = this.writeBlob(change.content);
        dir.set(name, { kind: 'leaf', mode: change.mode, type: 'blob', sha: blob.sha });
      } else if (change.type === 'tree') {
        if (!this.tree(change.sha as string))
          throw new GitError(`tree.sha ${change.sha} is not a valid tree`);
        dir.set(name, { kind: 'dir', children: null, sha: change.sha as string });
      } else {
        if (change.type === 'blob' && !this.blob(change.sha as string)) {
          throw new GitError(`tree.sha ${change.sha} is not a valid blob`);
        }
        dir.set(name, {
          kind: 'leaf',
          mode: change.mode,
          type: change.type,
          sha: change.sha as string,
        });
      }
    }
    return this.writeDraft(root);
  }

  private expand(treeSha: string): Map<string, DraftNode> {
    const tree = this.tree(treeSha);
    if (!tree) throw new GitError(`tree ${treeSha} does not exist`);
    const map = new Map<string, DraftNode>();
    for (const e of tree.entries) {
      map.set(
        e.name,
        e.type === 'tree'
          ? { kind: 'dir', children: null, sha: e.sha }
          : { kind: 'leaf', mode: e.mode, type: e.type, sha: e.sha },
      );
    }
    return map;
  }

  private writeDraft(dir: Map<string, DraftNode>): Tree {
    const entries: TreeEntry[] = [];
    for (const [name, node] of dir) {
      if (node.kind === 'leaf') {
        entries.push({ name, mode: node.mode, type: node.type, sha: node.sha });
      } else if (node.children === null) {
        entries.push({ name, mode: '040000', type: 'tree', sha: node.sha as string });
      } else {
        const sub = this.writeDraft(node.children);
        if (sub.entries.length > 0)
          entries.push({ name, mode: '040000', type: 'tree', sha: sub.sha });
      }
    }
    return this.writeTree(entries);
  }

  /** Every blob under a tree, keyed by full path. */
  listFiles(treeSha: string, prefix = ''): Map<string, TreeEntry & { path: string }> {
    const out = new Map<string, TreeEntry & { path: string }>();
    const tree = this.tree(treeSha);
    if (!tree) return out;
    for (const e of tree.entries) {
      const path = prefix ? `${prefix}/${e.name}` : e.name;
      out.set(path, { ...e, path });
      if (e.type === 'tree') for (const [p, sub] of this.listFiles(e.sha, path)) out.set(p, sub);
    }
    return out;
  }

  /** The entry at a path under a tree ('' = the tree itself, as a tree entry). */
  entryAt(treeSha: string, path: string): TreeEntry | undefined {
    const parts = path.split('/').filter((p) => p.length > 0);
    let current: TreeEntry = { name: '', mode: '040000', type: 'tree', sha: treeSha };
    for (const part of parts) {
      if (current.type !== 'tree') return undefined;
      const tree = this.tree(current.sha);
      const next = tree?.entries.find((e) => e.name === part);
      if (!next) return undefined;
      current = next;
    }
    return current;
  }

  /** True when `ancestor` is `descendant` or reachable from it through parents. */
  isAncestor(ancestor: string, descendant: string): boolean {
    const seen = new Set<string>();
    const queue = [descendant];
    while (queue.length > 0) {
      const sha = queue.shift() as string;
      if (sha === ancestor) return true;
      if (seen.has(sha)) continue;
      seen.add(sha);
      queue.push(...(this.commit(sha)?.parents ?? []));
    }
    return false;
  }

  /** Commits reachable from `sha`, newest first (breadth-first over parents, like a linear log). */
  log(sha: string): Commit[] {
    const out: Commit[] = [];
    const seen = new Set<string>();
    const queue = [sha];
    while (queue.length > 0) {
      const next = queue.shift() as string;
      if (seen.has(next)) continue;
      seen.add(next);
      const commit = this.commit(next);
      if (!commit) continue;
      out.push(commit);
      queue.push(...commit.parents);
    }
    return out;
  }
}

type DraftDir = { kind: 'dir'; children: Map<string, DraftNode> | null; sha?: string };
type DraftNode =
  DraftDir | { kind: 'leaf'; mode: TreeEntryMode; type: 'blob' | 'tree' | 'commit'; sha: string };

function isDeletion(change: TreeChange): boolean {
  return !('content' in change) && change.sha === null;
}

export function hashObject(type: 'blob' | 'tree' | 'commit', body: Buffer): string {
  return createHash('sha1')
    .update(Buffer.from(`${type} ${body.length}\0`, 'utf8'))
    .update(body)
    .digest('hex');
}

/** git sorts tree entries bytewise by name, comparing a tree's name as if it ended with '/'. */
function compareEntries(a: TreeEntry, b: TreeEntry): number {
  const ka = Buffer.from(a.type === 'tree' ? `${a.name}/` : a.name, 'utf8');
  const kb = Buffer.from(b.type === 'tree' ? `${b.name}/` : b.name, 'utf8');
  return Buffer.compare(ka, kb);
}

function signatureLine(s: Signature): string {
  const seconds = Math.floor(Date.parse(s.date) / 1000);
  return `${s.name} <${s.email}> ${seconds} +0000`;
}
