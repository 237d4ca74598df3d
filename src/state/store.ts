/**
 * The state store: one JSON file on its own branch, read and written only through the REST
 * API with compare-and-swap (SPEC §4). It knows git objects and fast-forwards; it does not know
 * what a schedule is.
 *
 * Reads cost two calls (the branch's ref, the file at that commit). A write costs three (tree,
 * commit, ref) and either lands on top of the commit it was planned from or reports a conflict,
 * in which case the caller re-reads and re-plans.
 */
import {
  emptyState,
  parseState,
  serializeState,
  StateFormatError,
  type StateDocument,
} from './document.js';

export interface GitPort {
  getBranchHead(branch: string): Promise<string | null>;
  readFileAt(path: string, commitSha: string): Promise<string | null>;
  createTree(files: Record<string, string>): Promise<string>;
  createCommit(message: string, tree: string, parents: string[]): Promise<string>;
  createBranch(branch: string, sha: string): Promise<'created' | 'exists'>;
  moveBranch(branch: string, sha: string): Promise<'moved' | 'conflict'>;
}

export interface StateSnapshot {
  doc: StateDocument;
  /** The commit the document was read from; null when the branch does not exist yet. */
  head: string | null;
  /** Set when the branch held a state file this version could not read (it is then replaced). */
  readError?: string;
}

export type WriteResult = { ok: true; head: string } | { ok: false };

export const STATE_FILE = 'state.json';

export class StateStore {
  constructor(
    private readonly git: GitPort,
    readonly branch: string,
  ) {}

  async read(): Promise<StateSnapshot> {
    const head = await this.git.getBranchHead(this.branch);
    if (head === null) return { doc: emptyState(), head: null };
    const text = await this.git.readFileAt(STATE_FILE, head);
    if (text === null) return { doc: emptyState(), head };
    try {
      return { doc: parseState(text), head };
    } catch (error) {
      if (!(error instanceof StateFormatError)) throw error;
      return { doc: emptyState(), head, readError: error.message };
    }
  }

  /**
   * Writes `doc` (plus any generated side files, e.g. a README) as a commit on top of
   * `base.head`. The branch is created as an orphan on first use. Never forces.
   */
  async write(
    base: StateSnapshot,
    doc: StateDocument,
    message: string,
    sideFiles: Record<string, string> = {},
  ): Promise<WriteResult> {
    const tree = await this.git.createTree({ ...sideFiles, [STATE_FILE]: serializeState(doc) });
    const commit = await this.git.createCommit(message, tree, base.head ? [base.head] : []);
    if (base.head === null) {
      const created = await this.git.createBranch(this.branch, commit);
      return created === 'created' ? { ok: true, head: commit } : { ok: false };
    }
    const moved = await this.git.moveBranch(this.branch, commit);
    return moved === 'moved' ? { ok: true, head: commit } : { ok: false };
  }
}
