/**
 * The one source of truth for a schedule file's keys, types and enums: schema/schedule.schema.json
 * (which editors also read, through the `# yaml-language-server: $schema=` comment). The loader
 * validates every file with it, so the schema and the loader cannot drift; semantic checks
 * (cron, zone, durations, inputs, dates) are in parse.ts.
 *
 * The JSON is imported, not read at run time: it is bundled by ncc into dist/ with the code.
 */
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import schema from '../../schema/schedule.schema.json' with { type: 'json' };

// ajv and ajv-formats are CommonJS with `exports.default`; under NodeNext the default import
// is the module object.
const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

export const SCHEDULE_SCHEMA = schema;

interface PropertySchema {
  description?: string;
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  examples?: unknown[];
  $ref?: string;
  minimum?: number;
  maximum?: number;
}

/** Every key a schedule file may have, in the schema's order. */
export const SCHEDULE_KEYS: readonly string[] = Object.keys(schema.properties);

/** The schema of one top-level key. */
export function propertySchema(key: string): PropertySchema | undefined {
  return Object.hasOwn(schema.properties, key)
    ? (schema.properties as Record<string, PropertySchema>)[key]
    : undefined;
}

/** Keys whose value is a duration (`$ref: #/definitions/duration`). */
export const DURATION_KEYS: readonly string[] = SCHEDULE_KEYS.filter(
  (k) => propertySchema(k)?.$ref === '#/definitions/duration',
);

let validator: ValidateFunction | undefined;

/** Compiled once per process (a few milliseconds), on first use. */
function compiled(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
    addFormats(ajv, ['date-time']);
    validator = ajv.compile(schema);
  }
  return validator;
}

/** ajv's errors for a parsed schedule file (an empty list when its shape is valid). */
export function validateScheduleShape(value: unknown): ErrorObject[] {
  const validate = compiled();
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

export type { ErrorObject };
