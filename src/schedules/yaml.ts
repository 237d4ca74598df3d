/**
 * Hostile-input-safe YAML for everything users commit or type: schedule files, workflow files
 * and (later) run-at issue front matter.
 *
 * - Bytes → text: a size cap before anything else, strict UTF-8 (`TextDecoder` fatal), no NUL
 *   bytes, a leading BOM stripped.
 * - A cheap lexical pre-scan rejects deep nesting and oversized token streams before the `yaml`
 *   parser sees them (its composer recurses, and maps of many keys cost super-linear time).
 * - The document is turned into plain values by our own walker: mappings become
 *   null-prototype objects (so `__proto__` and `constructor` are ordinary keys), duplicate keys
 *   are errors, aliases are expanded under a budget (alias bombs fail fast), and the depth and
 *   node count are capped.
 * - Every problem is a ConfigError with a 1-based line and column; `locate()` maps a path in
 *   the value (as in an ajv `instancePath`) back to the YAML key or value it came from.
 */
import {
  type Alias,
  CST,
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  parseDocument,
  type Node as YamlNode,
  type Pair,
  type Scalar,
  visit,
} from 'yaml';
import { ConfigError, messageOf } from '../errors.js';

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export interface YamlLimits {
  /** Largest accepted input, in bytes (UTF-8). Default 1 MiB. */
  maxBytes: number;
  /** Deepest nesting of mappings and sequences. Default 64. */
  maxDepth: number;
  /** Most lexical tokens in one document (bounds the parser's time). Default 20,000. */
  maxTokens: number;
  /** Most alias expansions (`*name`) while reading the document. Default 50. */
  maxAliases: number;
  /** Most values (scalars, mappings, sequences) after expanding aliases. Default 20,000. */
  maxNodes: number;
}

export const DEFAULT_YAML_LIMITS: Readonly<YamlLimits> = Object.freeze({
  maxBytes: 1024 * 1024,
  maxDepth: 64,
  maxTokens: 20_000,
  maxAliases: 50,
  maxNodes: 20_000,
});

export interface YamlOptions {
  limits?: Partial<YamlLimits>;
  /** Added to every reported line (front matter inside an issue body starts below line 1). */
  lineOffset?: number;
  /** What to call one document in messages: `schedule file`, `workflow file`, `front matter`. */
  what?: string;
  /**
   * Whether a tag YAML 1.2 does not define (`!secret`, `!!js/function`) is an error. Default
   * true: the value would silently be read as plain text (a `!secret` the user expected to be
   * resolved, say). Workflow files are GitHub's to judge, and pass false.
   */
  rejectUnknownTags?: boolean;
}

export type PathSegment = string | number;

export interface ParsedYaml {
  /** Plain value: null-prototype objects, arrays, strings, numbers, booleans, null. */
  value: unknown;
  /** Syntax and limit errors; when non-empty, `value` is undefined. */
  errors: ConfigError[];
  /** Duplicate keys (the first occurrence wins in `value`); reported, not fatal. */
  warnings: ConfigError[];
  /** Where the key (or, with `which: 'value'`, the value) at `path` is written. */
  locate(path: readonly PathSegment[], which?: 'key' | 'value'): Position | undefined;
  /** The source text of the scalar at `path` (`1.10` for a number read as 1.1). */
  scalarSource(path: readonly PathSegment[]): string | undefined;
}

const MIB = 1024 * 1024;

/** `1.0 MiB`, `340 KiB`, `12 bytes`. */
export function formatBytes(n: number): string {
  if (n >= MIB) return `${(n / MIB).toFixed(1)} MiB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KiB`;
  return `${n} bytes`;
}

/**
 * Bytes → text, or a ConfigError for the file as a whole: over the size cap, binary (NUL
 * bytes), or not UTF-8. A leading BOM is dropped.
 */
export function decodeText(
  bytes: Uint8Array,
  source: string,
  maxBytes: number = DEFAULT_YAML_LIMITS.maxBytes,
): { text: string } | { error: ConfigError } {
  if (bytes.length > maxBytes) {
    return {
      error: new ConfigError({
        source,
        message: `file is ${formatBytes(bytes.length)}; the limit is ${formatBytes(maxBytes)}`,
        hint: 'a schedule or workflow file is a few lines of YAML; move large text elsewhere',
      }),
    };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return {
      error: new ConfigError({
        source,
        message: 'file is binary (it contains NUL bytes), not YAML text',
        line: lineOfByte(bytes, nul),
        hint: 'save it as UTF-8 text',
      }),
    };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    return {
      error: new ConfigError({
        source,
        message: 'file is not valid UTF-8 text',
        line: bad === undefined ? undefined : lineOfByte(bytes, bad),
        hint: 'save it as UTF-8 (without other encodings such as Latin-1 or UTF-16)',
      }),
    };
  }
  return { text: stripBom(text) };
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function lineOfByte(bytes: Uint8Array, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need = 0;
    let min = 0;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return undefined;
}

/**
 * Parses one YAML document under the limits. Never throws for bad input: every problem is a
 * ConfigError in `errors` (fatal) or `warnings` (duplicate keys; the value is still usable).
 */
export function parseYaml(text: string, source: string, options: YamlOptions = {}): ParsedYaml {
  const limits: YamlLimits = { ...DEFAULT_YAML_LIMITS, ...options.limits };
  const lineOffset = options.lineOffset ?? 0;
  const what = options.what ?? 'file';
  // YAML 1.2 counts a lone CR (classic Mac line ends) as a line break; the parser does not.
  // Same length, so every offset and position stays where it was.
  text = stripBom(text).replace(/\r(?!\n)/g, '\n');
  const lineCounter = new LineCounter();
  const errors: ConfigError[] = [];
  const warnings: ConfigError[] = [];

  const posAt = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line + lineOffset, column: col };
  };
  const failed = (extra: ConfigError[]): ParsedYaml => ({
    value: undefined,
    errors: extra,
    warnings: [],
    locate: () => undefined,
    scalarSource: () => undefined,
  });

  // Bytes, not UTF-16 units, are what the limit is about; a cheap upper bound first.
  if (text.length > limits.maxBytes || Buffer.byteLength(text, 'utf8') > limits.maxBytes) {
    return failed([
      new ConfigError({
        source,
        message: `${what} is ${formatBytes(Buffer.byteLength(text, 'utf8'))}; the limit is ${formatBytes(limits.maxBytes)}`,
        hint: 'keep it to a few lines of YAML',
      }),
    ]);
  }

  const scan = prescan(text, limits, what);
  if (scan) {
    const { line, col } = lineCounterPos(text, scan.offset);
    return failed([
      new ConfigError({
        source,
        message: scan.message,
        line: line + lineOffset,
        column: col,
        hint: scan.hint,
      }),
    ]);
  }

  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, {
      lineCounter,
      prettyErrors: false,
      // Duplicate keys are detected by the walker below in linear time, with a better message.
      uniqueKeys: false,
      version: '1.2',
      schema: 'core',
      strict: true,
    });
  } catch (error) {
    // The pre-scan should make this unreachable; keep one bad file from stopping the rest.
    return failed([
      new ConfigError({
        source,
        message: `${what} could not be parsed: ${messageOf(error)}`,
        line: 1 + lineOffset,
        column: 1,
      }),
    ]);
  }

  const seenAt = new Set<number>();
  for (const e of doc.errors) {
    // yaml often reports one mistake twice at the same place, in two wordings: keep the first.
    if (seenAt.has(e.pos[0])) continue;
    seenAt.add(e.pos[0]);
    const at = posAt(e.pos[0]);
    errors.push(
      new ConfigError({
        source,
        message:
          e.code === 'MULTIPLE_DOCS'
            ? `${what} holds more than one YAML document`
            : `YAML syntax: ${firstLine(e.message)}`,
        line: at.line,
        column: at.column,
        hint:
          e.code === 'MULTIPLE_DOCS'
            ? 'keep one document: remove the second `---` and what follows (one schedule per file)'
            : syntaxHint(e.code),
      }),
    );
  }
  if (options.rejectUnknownTags ?? true) {
    for (const w of doc.warnings) {
      if (w.code !== 'TAG_RESOLVE_FAILED') continue;
      const at = posAt(w.pos[0]);
      const tag = /^Unresolved tag: (\S+)/.exec(w.message)?.[1] ?? 'tag';
      const shown = tag.replace(/^tag:yaml\.org,2002:/, '!!');
      errors.push(
        new ConfigError({
          source,
          message: `unknown YAML tag \`${shown}\`: the value would be read as plain text`,
          line: at.line,
          column: at.column,
          hint: 'remove the tag; values are plain text, numbers or true/false (secrets cannot be used here)',
        }),
      );
    }
  }
  if (errors.length > 0) return failed(errors);

  // ---- Walk the document into plain values ----
  let aliases = 0;
  let nodes = 0;
  // Every alias → the node of the last anchor of that name before it, in one pass (yaml's own
  // `Alias.resolve` re-walks the document for each alias).
  const aliasTargets = new Map<Alias, YamlNode | undefined>();
  const anchors = new Map<string, YamlNode>();
  visit(doc, {
    Node(_, node) {
      if (isAlias(node)) aliasTargets.set(node, anchors.get(node.source));
      else if (node.anchor) anchors.set(node.anchor, node);
    },
  });
  const resolveAlias = (alias: Alias): YamlNode | undefined => aliasTargets.get(alias);
  const nodeStart = (node: unknown): number =>
    (node as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;

  class Abort extends Error {}
  const abort = (node: unknown, message: string, hint: string): never => {
    const at = posAt(nodeStart(node));
    errors.push(new ConfigError({ source, message, line: at.line, column: at.column, hint }));
    throw new Abort(message);
  };

  const toValue = (node: unknown, depth: number): unknown => {
    if (++nodes > limits.maxNodes) {
      abort(
        node,
        `${what} has more than ${limits.maxNodes} values (after expanding aliases)`,
        'this is far more than a schedule needs; check for runaway aliases (`*name`)',
      );
    }
    if (depth > limits.maxDepth) {
      abort(node, `${what} is nested more than ${limits.maxDepth} levels deep`, 'flatten it');
    }
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      if (++aliases > limits.maxAliases) {
        abort(
          node,
          `${what} expands more than ${limits.maxAliases} aliases (\`*${node.source}\`)`,
          'aliases that expand into each other grow exponentially (an "alias bomb"); write the values out',
        );
      }
      const target = resolveAlias(node);
      if (target === undefined) {
        abort(
          node,
          `alias \`*${node.source}\` has no anchor`,
          'define `&name` before using `*name`',
        );
      }
      return toValue(target, depth + 1);
    }
    if (isScalar(node)) return scalarValue(node);
    if (isMap(node)) {
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      const seen = new Map<string, unknown>();
      for (const pair of node.items as Pair<unknown, unknown>[]) {
        const key = keyString(pair.key);
        if (key === undefined) {
          abort(
            pair.key ?? node,
            'a key must be a plain name, not a mapping or a list',
            'write `name: value`',
          );
        }
        const k = key as string;
        if (seen.has(k)) {
          const first = posAt(nodeStart(seen.get(k)));
          const at = posAt(nodeStart(pair.key));
          warnings.push(
            new ConfigError({
              source,
              message: `duplicate key "${k}" (first defined on line ${first.line})`,
              line: at.line,
              column: at.column,
              hint: 'keep one of them',
            }),
          );
          continue;
        }
        seen.set(k, pair.key);
        out[k] = toValue(pair.value, depth + 1);
      }
      return out;
    }
    if (isSeq(node)) {
      return (node.items as unknown[]).map((item) => toValue(item, depth + 1));
    }
    abort(node, `${what} holds a value of an unsupported kind`, 'use mappings, lists and scalars');
    return undefined;
  };

  const keyString = (key: unknown): string | undefined => {
    if (key === null || key === undefined) return '';
    let k: unknown = key;
    if (isAlias(k)) {
      if (++aliases > limits.maxAliases) return undefined;
      k = resolveAlias(k);
    }
    if (!isScalar(k)) return undefined;
    const v = scalarValue(k);
    return v === null ? '' : String(v);
  };

  let value: unknown;
  try {
    value = toValue(doc.contents, 0);
  } catch (error) {
    if (!(error instanceof Abort)) {
      const message = error instanceof RangeError ? 'nested too deeply' : String(error);
      errors.push(
        new ConfigError({
          source,
          message: `${what} could not be read: ${message}`,
          line: 1,
          column: 1,
        }),
      );
    }
    return failed(errors);
  }

  // ---- Positions, by path ----
  // Each mapping's keys are indexed on first use: locating every key of a wide mapping stays linear.
  const pairIndex = new Map<unknown, Map<string, Pair<unknown, unknown>>>();
  const pairOf = (map: { items: unknown[] }, key: string): Pair<unknown, unknown> | undefined => {
    let index = pairIndex.get(map);
    if (!index) {
      index = new Map();
      for (const p of map.items as Pair<unknown, unknown>[]) {
        const k = keyString(p.key);
        if (k !== undefined && !index.has(k)) index.set(k, p);
      }
      pairIndex.set(map, index);
    }
    return index.get(key);
  };
  const nodeAt = (path: readonly PathSegment[]): { key?: unknown; value?: unknown } | undefined => {
    let current: unknown = doc.contents;
    let keyNode: unknown;
    for (const segment of path) {
      if (isAlias(current)) current = resolveAlias(current);
      if (isMap(current)) {
        const pair = pairOf(current, String(segment));
        if (!pair) return undefined;
        keyNode = pair.key;
        current = pair.value;
      } else if (isSeq(current) && typeof segment === 'number') {
        keyNode = undefined;
        current = (current.items as unknown[])[segment];
        if (current === undefined) return undefined;
      } else {
        return undefined;
      }
    }
    return { key: keyNode, value: current };
  };

  const locate = (
    path: readonly PathSegment[],
    which: 'key' | 'value' = 'key',
  ): Position | undefined => {
    const found = nodeAt(path);
    if (!found) return undefined;
    const valueNode = found.value as { range?: [number, number, number] } | null | undefined;
    const keyNode = found.key as { range?: [number, number, number] } | null | undefined;
    // An empty value (`key:` with nothing after it) has no place of its own: point at its key.
    const valueHasText = valueNode?.range && valueNode.range[1] > valueNode.range[0];
    const node = which === 'value' && valueHasText ? valueNode : (keyNode ?? valueNode);
    if (!node?.range) return path.length === 0 ? { line: 1 + lineOffset, column: 1 } : undefined;
    return posAt(node.range[0]);
  };

  const scalarSource = (path: readonly PathSegment[]): string | undefined => {
    const found = nodeAt(path);
    let node = found?.value;
    if (isAlias(node)) node = resolveAlias(node);
    if (!isScalar(node)) return undefined;
    const src = (node as Scalar & { source?: unknown }).source;
    return typeof src === 'string' && node.type === 'PLAIN' ? src : undefined;
  };

  return { value, errors, warnings, locate, scalarSource };
}

function scalarValue(node: Scalar): unknown {
  const v = node.value;
  if (v instanceof Date) {
    // Only YAML 1.1 parsers produce timestamps; keep what the user wrote.
    const src = (node as Scalar & { source?: unknown }).source;
    return typeof src === 'string' ? src : v.toISOString();
  }
  if (typeof v === 'bigint') return Number(v);
  if (v === undefined) return null;
  if (v !== null && typeof v === 'object') return String(v);
  return v;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function syntaxHint(code: string): string {
  switch (code) {
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation and that every `[`, `{` and quote is closed';
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return 'a value that contains `: ` must be quoted; keys of one mapping start in the same column';
    default:
      return 'quote values that contain `: `, `#`, `{` or `[`; check the indentation';
  }
}

/** 1-based line and column of a UTF-16 offset (used for the pre-scan, before parsing). */
function lineCounterPos(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

interface ScanProblem {
  offset: number;
  message: string;
  hint: string;
}

/**
 * One pass of the `yaml` lexer (linear, no recursion) that stops at the first sign of trouble:
 * more than `maxTokens` tokens, or nesting deeper than `maxDepth`. Nesting is estimated from
 * flow brackets plus, at the start of each line outside brackets, the indentation (two columns
 * per level) and compact indicators (`- - - x`). The estimate only has to be within a small
 * factor: the parser handles a few hundred levels quickly; it is 10,000 that hurt.
 */
function prescan(text: string, limits: YamlLimits, what: string): ScanProblem | undefined {
  let offset = 0;
  let tokens = 0;
  let flow = 0;
  let lineStart = true;
  let indent = 0;
  let indicators = 0;
  let scalarNext = false;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    if (type === 'doc-mode' || type === 'flow-error-end') continue;
    if (type === 'scalar') {
      scalarNext = true;
      continue;
    }
    const at = offset;
    offset += token.length;
    if (++tokens > limits.maxTokens) {
      return {
        offset: at,
        message: `${what} is too large (more than ${limits.maxTokens} YAML tokens)`,
        hint: 'keep it to a few lines of YAML',
      };
    }
    if (scalarNext) {
      // Scalar content: a plain, quoted or block scalar; block scalars run to the next line.
      scalarNext = false;
      lineStart = token.endsWith('\n');
      if (lineStart) indent = indicators = 0;
      continue;
    }
    switch (type) {
      case 'newline':
        lineStart = true;
        indent = 0;
        indicators = 0;
        continue;
      case 'flow-map-start':
      case 'flow-seq-start':
        flow++;
        lineStart = false;
        break;
      case 'flow-map-end':
      case 'flow-seq-end':
        flow = Math.max(0, flow - 1);
        lineStart = false;
        break;
      case 'space':
        if (lineStart && flow === 0) indent += token.length;
        break;
      case 'seq-item-ind':
      case 'explicit-key-ind':
      case 'map-value-ind':
        if (lineStart) indicators++;
        break;
      case 'anchor':
      case 'tag':
      case 'comment':
        break;
      default:
        lineStart = false;
    }
    const depth = flow + indicators + Math.floor(indent / 2);
    if (depth > limits.maxDepth) {
      return {
        offset: at,
        message: `${what} is nested more than ${limits.maxDepth} levels deep`,
        hint: 'flatten it: a schedule needs two levels (its keys, and the inputs under `inputs:`)',
      };
    }
  }
  return undefined;
}
