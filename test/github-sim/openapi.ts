/**
 * GitHub's OpenAPI description, loaded once per process, used two ways:
 *  - routing: method + raw URL path → operation (operationId, path template, decoded params);
 *  - validation: request bodies / query / path params and response bodies against the schemas,
 *    with ajv 8. Every failure becomes a Mismatch; nothing here throws at request time.
 *
 * The description is read from `@octokit/openapi/generated/api.github.com.json` directly (the
 * package root loads ten descriptions). Before ajv sees it, `nullable: true` is rewritten into
 * JSON Schema (`type: [t, 'null']`, or `anyOf: [schema, {type: 'null'}]` when there is no type).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface Operation {
  operationId: string;
  method: string;
  template: string;
  raw: JsonObject;
  docsUrl: string;
}

export interface RouteMatch {
  operation: Operation;
  params: Record<string, string>;
}

export type MismatchDirection = 'request' | 'response';

export interface Mismatch {
  operationId: string;
  method: string;
  path: string;
  direction: MismatchDirection;
  /** 'body' | 'query' | 'path' for requests; the HTTP status for responses. */
  part: string;
  status?: number;
  /** One line per problem: `<instancePath> <message>` (ajv) or `unknown key <path>`. */
  errors: string[];
}

const SPEC_PATH = 'node_modules/@octokit/openapi/generated/api.github.com.json';
const SPEC_ID = 'https://github-sim.local/api.github.com.json';
const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'];

interface CompiledRoute {
  regex: RegExp;
  names: string[];
  literalSegments: number;
  operation: Operation;
}

export class OpenApi {
  readonly spec: JsonObject;
  private readonly routes: CompiledRoute[] = [];
  private readonly byOperationId = new Map<string, Operation>();
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction | null>();
  private readonly compileErrors = new Map<string, string>();

  private constructor(spec: JsonObject) {
    this.spec = spec;
    rewriteNullable(spec);
    const paths = spec.paths as Record<string, Record<string, JsonObject>>;
    for (const [template, item] of Object.entries(paths)) {
      for (const method of METHODS) {
        const raw = item[method];
        if (!raw || typeof raw.operationId !== 'string') continue;
        const docs = raw.externalDocs as { url?: string } | undefined;
        const operation: Operation = {
          operationId: raw.operationId,
          method: method.toUpperCase(),
          template,
          raw,
          docsUrl: docs?.url ?? 'https://docs.github.com/rest',
        };
        this.byOperationId.set(operation.operationId, operation);
        this.routes.push(compileRoute(template, operation, this.parameters(operation)));
      }
    }
    this.ajv = new Ajv({
      strict: false,
      allErrors: true,
      validateSchema: false,
      logger: false,
      addUsedSchema: false,
    });
    const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
      addFormatsModule) as unknown as (ajv: Ajv) => void;
    addFormats(this.ajv);
    // GitHub's own noreply addresses (`41898282+github-actions[bot]@users.noreply.github.com`)
    // fail ajv-formats' strict email pattern; GitHub sends them in `format: email` fields anyway.
    this.ajv.addFormat('email', /^[^\s@]+@[^\s@]+\.[^\s@]+$/);
    // Only the schemas: ajv walks every key of what it is given, and the examples are large.
    const components = spec.components as JsonObject;
    this.ajv.addSchema({ $id: SPEC_ID, components: { schemas: components.schemas } } as never);
  }

  private static instance: OpenApi | undefined;

  /** The process-wide description (parsed and prepared on first use, ~0.3 s). */
  static get(): OpenApi {
    if (!OpenApi.instance) {
      const require = createRequire(import.meta.url);
      let file = SPEC_PATH;
      try {
        file = require.resolve('@octokit/openapi/generated/api.github.com.json');
      } catch {
        // Packages that do not export the file: fall back to the path from the repository root.
      }
      OpenApi.instance = new OpenApi(JSON.parse(readFileSync(file, 'utf8')) as JsonObject);
    }
    return OpenApi.instance;
  }

  operation(operationId: string): Operation | undefined {
    return this.byOperationId.get(operationId);
  }

  /** The operation for a method and a raw (still percent-encoded) URL path. */
  match(method: string, rawPath: string): RouteMatch | null {
    let best: { route: CompiledRoute; values: string[] } | null = null;
    for (const route of this.routes) {
      if (route.operation.method !== method) continue;
      const m = route.regex.exec(rawPath);
      if (!m) continue;
      if (!best || route.literalSegments > best.route.literalSegments) {
        best = { route, values: m.slice(1) };
      }
    }
    if (!best) return null;
    const params: Record<string, string> = {};
    best.route.names.forEach((name, i) => {
      params[name] = safeDecode(best.values[i] ?? '');
    });
    return { operation: best.route.operation, params };
  }

  /** The operation's parameters with `$ref`s resolved. */
  parameters(operation: Operation): JsonObject[] {
    const list = (operation.raw.parameters ?? []) as JsonObject[];
    return list.map((p) => this.deref(p) as JsonObject);
  }

  deref(node: Json): Json {
    let current = node;
    for (let i = 0; i < 10; i++) {
      if (
        current &&
        typeof current === 'object' &&
        !Array.isArray(current) &&
        typeof current.$ref === 'string'
      ) {
        current = this.pointer(current.$ref);
      } else break;
    }
    return current;
  }

  private pointer(ref: string): Json {
    const parts = ref
      .replace(/^#\//, '')
      .split('/')
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    let node: Json = this.spec;
    for (const part of parts) {
      if (node && typeof node === 'object' && !Array.isArray(node)) node = node[part] as Json;
      else return null;
    }
    return node;
  }

  /** The JSON request body schema, or undefined when the operation takes none. */
  requestSchema(operation: Operation): JsonObject | undefined {
    const body = this.deref((operation.raw.requestBody ?? null) as Json) as JsonObject | null;
    const content = body?.content as Record<string, JsonObject> | undefined;
    return (content?.['application/json']?.schema ?? undefined) as JsonObject | undefined;
  }

  /** Whether the operation documents this status; and its JSON schema if it has one. */
  responseSchema(
    operation: Operation,
    status: number,
  ): { documented: boolean; schema?: JsonObject } {
    const responses = operation.raw.responses as Record<string, Json> | undefined;
    const entry = responses?.[String(status)];
    if (!entry) return { documented: false };
    const response = this.deref(entry) as JsonObject;
    const content = response.content as Record<string, JsonObject> | undefined;
    const schema = content?.['application/json']?.schema as JsonObject | undefined;
    return { documented: true, schema };
  }

  /** Validates a value against a schema found at a location in the description (cached). */
  validate(key: string, schema: JsonObject, value: unknown): string[] {
    let fn = this.validators.get(key);
    if (fn === undefined) {
      try {
        fn = this.ajv.compile(absolutizeRefs(schema) as never);
      } catch (error) {
        fn = null;
        this.compileErrors.set(key, (error as Error).message);
      }
      this.validators.set(key, fn);
    }
    if (fn === null) return [`schema could not be compiled: ${this.compileErrors.get(key) ?? '?'}`];
    if (fn(value)) return [];
    return summarize(fn.errors ?? []);
  }

  /**
   * Keys present in `value` that the schema does not declare (request schemas allow unknown
   * keys; GitHub ignores or rejects them, and either way a client sending one has a bug).
   */
  unknownKeys(schema: Json, value: unknown, path = ''): string[] {
    const resolved = this.deref(schema);
    if (!resolved || typeof resolved !== 'object' || Array.isArray(resolved)) return [];
    const branches = this.flatten(resolved);
    if (Array.isArray(value)) {
      const itemSchemas = branches.map((b) => b.items).filter((x): x is Json => x !== undefined);
      if (itemSchemas.length === 0) return [];
      return value.flatMap((item, i) => this.unknownKeysAny(itemSchemas, item, `${path}[${i}]`));
    }
    if (!value || typeof value !== 'object') return [];
    const objectBranches = branches.filter(
      (b) => b.type === 'object' || (b.type === undefined && b.properties !== undefined),
    );
    if (objectBranches.length === 0) return [];
    if (
      objectBranches.some(
        (b) => b.additionalProperties === true || isObject(b.additionalProperties),
      )
    ) {
      // Free-form maps (workflow `inputs`): nothing to check below.
      return [];
    }
    const problems: string[] = [];
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const declared = objectBranches
        .map((b) => (b.properties as JsonObject | undefined)?.[key])
        .filter((x): x is Json => x !== undefined);
      if (declared.length === 0) problems.push(`unknown key ${path ? `${path}.` : ''}${key}`);
      else problems.push(...this.unknownKeysAny(declared, child, path ? `${path}.${key}` : key));
    }
    return problems;
  }

  /** Unknown keys under any of several candidate schemas: the fewest problems win. */
  private unknownKeysAny(schemas: Json[], value: unknown, path: string): string[] {
    let best: string[] | undefined;
    for (const s of schemas) {
      const found = this.unknownKeys(s, value, path);
      if (!best || found.length < best.length) best = found;
      if (found.length === 0) break;
    }
    return best ?? [];
  }

  private flatten(schema: JsonObject): JsonObject[] {
    const out: JsonObject[] = [schema];
    for (const k of ['allOf', 'anyOf', 'oneOf']) {
      const list = schema[k];
      if (Array.isArray(list)) {
        for (const sub of list) {
          const r = this.deref(sub);
          if (isObject(r)) out.push(...this.flatten(r));
        }
      }
    }
    return out;
  }
}

function isObject(x: unknown): x is JsonObject {
  return !!x && typeof x === 'object' && !Array.isArray(x);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function compileRoute(template: string, operation: Operation, params: JsonObject[]): CompiledRoute {
  const multi = new Set(
    params
      .filter((p) => p.in === 'path' && p['x-multi-segment'] === true)
      .map((p) => String(p.name)),
  );
  if (template.endsWith('/contents/{path}')) multi.add('path');
  const names: string[] = [];
  let literalSegments = 0;
  const pattern = template
    .split('/')
    .map((segment) => {
      const m = /^\{([^}]+)\}$/.exec(segment);
      if (m && m[1]) {
        names.push(m[1]);
        return multi.has(m[1]) ? '(.+)' : '([^/]+)';
      }
      if (segment) literalSegments++;
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { regex: new RegExp(`^${pattern}/?$`), names, literalSegments, operation };
}

/** `nullable: true` (OpenAPI 3.0) → plain JSON Schema, in place, over the whole description. */
function rewriteNullable(node: Json): void {
  if (Array.isArray(node)) {
    node.forEach(rewriteNullable);
    return;
  }
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'examples' && key !== 'example') rewriteNullable(value);
  }
  if (node.nullable === true) {
    delete node.nullable;
    if (typeof node.type === 'string') {
      node.type = [node.type, 'null'];
      if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum.push(null);
    } else {
      const inner: JsonObject = {};
      for (const [k, v] of Object.entries(node)) {
        if (k !== 'description' && k !== 'title') {
          inner[k] = v;
          delete node[k];
        }
      }
      node.anyOf = [inner, { type: 'null' }];
    }
  } else if (node.nullable === false) {
    delete node.nullable;
  }
}

/** Copies an operation-local schema, pointing its `#/components/...` refs at the description. */
function absolutizeRefs(node: Json): Json {
  if (Array.isArray(node)) return node.map(absolutizeRefs);
  if (!node || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] =
      k === '$ref' && typeof v === 'string' && v.startsWith('#/')
        ? `${SPEC_ID}${v}`
        : absolutizeRefs(v);
  }
  return out;
}

function summarize(errors: ErrorObject[]): string[] {
  // oneOf/anyOf failures report every branch; keep them, but cap the list.
  const lines = errors.map((e) => {
    const where = e.instancePath || '(root)';
    const extra =
      e.keyword === 'additionalProperties'
        ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})`
        : e.keyword === 'enum'
          ? ` (${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)})`
          : '';
    return `${where} ${e.message ?? e.keyword}${extra}`;
  });
  const unique = [...new Set(lines)];
  return unique.length > 20 ? [...unique.slice(0, 20), `… ${unique.length - 20} more`] : unique;
}
