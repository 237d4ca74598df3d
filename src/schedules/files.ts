/**
 * Reading user files from the checkout without trusting them: symlinks must stay inside the
 * workspace, only regular files are read (a FIFO would block forever), and the size is checked
 * before a single byte is read.
 */
import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { ConfigError } from '../errors.js';
import { decodeText, formatBytes } from './yaml.js';

export type FileRead =
  { kind: 'text'; text: string } | { kind: 'skip' } | { kind: 'error'; error: ConfigError };

/** True when `inner` is `outer` or below it (both already real paths). */
export function isInside(outer: string, inner: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** realpath that answers undefined instead of throwing (missing, dangling, no permission). */
export function tryRealpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Reads `abs` as UTF-8 text for `source` (its repository-relative name in messages).
 * Directories (and symlinks to directories) are skipped; anything else unusual is an error.
 */
export function readWorkspaceText(
  workspaceReal: string,
  abs: string,
  source: string,
  maxBytes: number,
): FileRead {
  const fail = (message: string, hint?: string): FileRead => ({
    kind: 'error',
    error: new ConfigError({ source, message, hint }),
  });
  let isLink = false;
  try {
    isLink = lstatSync(abs).isSymbolicLink();
  } catch (error) {
    return fail(`cannot read the file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let real: string;
  try {
    real = realpathSync(abs);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') {
      return fail(
        'symbolic link loops: it leads back to itself through other links',
        'replace the link with the file it should point to',
      );
    }
    return fail(
      isLink ? 'symbolic link points to a file that does not exist' : 'cannot resolve the path',
      'remove the link or point it at a file in the repository',
    );
  }
  if (!isInside(workspaceReal, real)) {
    return fail(
      isLink
        ? 'symbolic link points outside the repository'
        : 'file resolves to a path outside the repository',
      'only files inside the checkout are read; copy the file into the repository instead',
    );
  }
  let size: number;
  try {
    const st = statSync(real);
    if (st.isDirectory()) return { kind: 'skip' };
    if (!st.isFile()) return fail('not a regular file', 'schedules are plain YAML files');
    size = st.size;
  } catch (error) {
    return fail(`cannot read the file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (size > maxBytes) {
    return fail(
      `file is ${formatBytes(size)}; the limit is ${formatBytes(maxBytes)}`,
      'a schedule or workflow file is a few lines of YAML; move large text elsewhere',
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(real);
  } catch (error) {
    return fail(`cannot read the file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const decoded = decodeText(bytes, source, maxBytes);
  return 'error' in decoded
    ? { kind: 'error', error: decoded.error }
    : { kind: 'text', text: decoded.text };
}
