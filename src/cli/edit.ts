/**
 * Editing a schedule file in place without disturbing it: comments, key order, quoting,
 * blank lines and alignment are kept byte for byte; only the changed values are rewritten.
 *
 * - A changed scalar is rewritten through yaml's CST (`CST.setScalarValue` on the node's
 *   source token, then `CST.stringify` of every token, which reproduces the rest of the source
 *   exactly). Its quoting style is kept where it can hold the new value.
 * - A new key is inserted as text, with the map's indentation: top-level keys after the
 *   nearest key that precedes them in the SPEC's order, inputs after the last input.
 * - A removed key takes its line(s) with it.
 * Anything this cannot do surgically (a flow mapping `inputs: {a: b}`, say) falls back to the
 * `yaml` Document API, which keeps comments and order but may normalise spacing.
 */
import {
  Composer,
  CST,
  Document,
  isMap,
  isScalar,
  parseDocument,
  Parser,
  stringify,
  type Node,
  type Pair,
  type Scalar,
  type YAMLMap,
} from 'yaml';
import { SCHEDULE_KEYS } from '../schedules/schema.js';

export type YamlValue = string | number | boolean;
/** A top-level key, or one input: `['inputs', 'prompt']`. */
export type KeyPath = [string] | ['inputs', string];

export type Edit =
  { kind: 'set'; path: KeyPath; value: YamlValue } | { kind: 'delete'; path: KeyPath };

/**
 * The SPEC's order of schedule keys (§1): where new keys go, and how `add` writes them. The
 * schema lists its properties in that order, so it is the one source.
 */
const KEY_ORDER = SCHEDULE_KEYS;

/** Applies the edits in order; each sees the text the previous one produced. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = text;
  for (const edit of edits) out = applyOne(out, edit);
  return out;
}

interface Parsed {
  tokens: CST.Token[];
  doc: Document.Parsed;
}

function parseWithTokens(text: string): Parsed | undefined {
  const tokens = [...new Parser().parse(text)];
  const docs = [...new Composer({ keepSourceTokens: true }).compose(tokens)];
  if (docs.length !== 1 || docs[0]!.errors.length > 0) return undefined;
  return { tokens, doc: docs[0]! };
}

function applyOne(text: string, edit: Edit): string {
  return surgical(text, edit) ?? viaDocument(text, edit);
}

/** The careful path; undefined when the file's shape needs the fallback. */
function surgical(text: string, edit: Edit): string | undefined {
  const parsed = parseWithTokens(text);
  if (!parsed) return undefined;
  const root = parsed.doc.contents;
  if (!isBlockMap(root)) return undefined;
  const [top, input] = edit.path;

  if (edit.kind === 'delete') {
    if (input === undefined) return removePair(text, root, top);
    const inputs = root.get('inputs', true);
    if (inputs === undefined || inputs === null) return text;
    if (!isBlockMap(inputs)) return undefined;
    const remaining = inputs.items.filter((p) => keyOf(p) !== input);
    if (remaining.length === inputs.items.length) return text;
    return remaining.length === 0
      ? removePair(text, root, 'inputs')
      : removePair(text, inputs, input);
  }

  if (input !== undefined) {
    const inputs = root.get('inputs', true);
    if (inputs !== undefined && !isBlockMap(inputs)) return undefined;
  }
  const node = parsed.doc.getIn(edit.path, true) as Node | undefined | null;
  if (isScalar(node) && node.srcToken && node.value !== null) {
    if (!setScalar(node, edit.value)) return undefined;
    const out = parsed.tokens.map((t) => CST.stringify(t)).join('');
    return sameValue(out, edit.path, edit.value) ? out : undefined;
  }
  if (node !== undefined) return undefined; // a null, a map or a list where a value goes
  if (input === undefined) return insertPair(text, root, top, edit.value, KEY_ORDER);
  const inputs = root.get('inputs', true) as YAMLMap | undefined;
  return inputs === undefined
    ? insertPair(text, root, 'inputs', { [input]: edit.value }, KEY_ORDER)
    : insertPair(text, inputs, input, edit.value, []);
}

function isBlockMap(node: unknown): node is YAMLMap {
  return isMap(node) && !node.flow && node.items.length > 0 && node.range !== undefined;
}

function keyOf(pair: Pair): string | undefined {
  const k = pair.key as Node | null;
  return isScalar(k) ? String(k.value) : undefined;
}

function setScalar(node: Scalar, value: YamlValue): boolean {
  const token = node.srcToken;
  if (!token) return false;
  let type: Scalar.Type | undefined;
  let source: string;
  if (typeof value === 'string') {
    source = value;
    if (value.includes('\n')) type = 'BLOCK_LITERAL';
    else if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') type = 'PLAIN';
    // A plain scalar that would read back as something else (`true`, `12`, `null`) is quoted.
    if ((type ?? node.type) === 'PLAIN' && !readsAsString(value)) type = 'QUOTE_DOUBLE';
  } else {
    source = String(value);
    type = 'PLAIN';
  }
  CST.setScalarValue(token, source, { afterKey: true, ...(type ? { type } : {}) });
  return true;
}

function readsAsString(value: string): boolean {
  try {
    return parseDocument(`k: ${value}`).get('k') === value;
  } catch {
    return false;
  }
}

function sameValue(text: string, path: KeyPath, value: YamlValue): boolean {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return false;
  const got: unknown = doc.getIn(path);
  return got === value || (typeof got === 'string' && got.replace(/\n$/, '') === value);
}

/** Offset just past the line that holds `offset - 1` (its newline included). */
function endOfLine(text: string, end: number): number {
  if (end > 0 && text[end - 1] === '\n') return end;
  const nl = text.indexOf('\n', end);
  return nl === -1 ? text.length : nl + 1;
}

function startOfLine(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function pairEnd(text: string, pair: Pair): number {
  const value = pair.value as Node | null;
  const key = pair.key as Node;
  const end = value?.range?.[1] ?? key.range?.[1] ?? text.length;
  return endOfLine(text, end);
}

function removePair(text: string, map: YAMLMap, key: string): string | undefined {
  const pair = map.items.find((p) => keyOf(p) === key);
  if (!pair) return text;
  const keyNode = pair.key as Node;
  if (!keyNode.range) return undefined;
  const start = startOfLine(text, keyNode.range[0]);
  if (text.slice(start, keyNode.range[0]).trim() !== '') return undefined;
  return text.slice(0, start) + text.slice(pairEnd(text, pair));
}

function insertPair(
  text: string,
  map: YAMLMap,
  key: string,
  value: unknown,
  order: readonly string[],
): string | undefined {
  const first = map.items[0]!.key as Node;
  if (!first.range) return undefined;
  const indent = first.range[0] - startOfLine(text, first.range[0]);
  const rendered = stringify({ [key]: value }, { lineWidth: 0 })
    .split('\n')
    .filter((line, i, all) => line !== '' || i < all.length - 1)
    .map((line) => (line === '' ? line : ' '.repeat(indent) + line))
    .join('\n');

  const rank = order.indexOf(key);
  let after: Pair | undefined;
  if (rank === -1) {
    after = map.items.at(-1);
  } else {
    for (const pair of map.items) {
      const r = order.indexOf(keyOf(pair) ?? '');
      if (r !== -1 && r < rank) after = pair;
    }
  }
  let at: number;
  let prefix = '';
  if (after) {
    at = pairEnd(text, after);
    if (at === text.length && !text.endsWith('\n')) prefix = '\n';
  } else {
    at = startOfLine(text, first.range[0]);
  }
  return text.slice(0, at) + prefix + rendered + '\n' + text.slice(at);
}

/** The fallback: yaml's Document API (comments and order kept; spacing may be normalised). */
function viaDocument(text: string, edit: Edit): string {
  const doc = parseDocument(text);
  if (edit.kind === 'delete') {
    doc.deleteIn(edit.path);
    const inputs = doc.get('inputs', true);
    if (isMap(inputs) && inputs.items.length === 0) doc.delete('inputs');
  } else {
    if (edit.path.length === 2 && !isMap(doc.get('inputs', true))) {
      doc.set('inputs', doc.createNode({}));
    }
    doc.setIn(edit.path, edit.value);
  }
  return doc.toString({ lineWidth: 0 });
}

/** A new schedule file: the schema comment, then the keys in the SPEC's order. */
export function renderScheduleFile(
  fields: Record<string, unknown>,
  schemaPath: string,
  comment?: string,
): string {
  const doc = new Document();
  const ordered: Record<string, unknown> = {};
  for (const key of KEY_ORDER) if (fields[key] !== undefined) ordered[key] = fields[key];
  doc.contents = doc.createNode(ordered) as typeof doc.contents;
  const cron = doc.get('cron', true);
  if (isScalar(cron)) cron.type = 'QUOTE_SINGLE';
  const head = [`# yaml-language-server: $schema=${schemaPath}`];
  if (comment) head.push(...comment.split('\n').map((l) => `# ${l}`.trimEnd()));
  return head.join('\n') + '\n' + doc.toString({ lineWidth: 0 });
}
