export * from './types.js';
export { loadSchedules, type LoadSchedulesOptions, type LoadSchedulesResult } from './load.js';
export {
  checkScheduleFileName,
  parseOffsetDateTime,
  parseScheduleText,
  scheduleNameOf,
  SCHEDULE_NAME,
  type ScheduleParseOptions,
  type ScheduleParseResult,
} from './parse.js';
export { scheduleFingerprint, type TimingFields } from './fingerprint.js';
export { SCHEDULE_KEYS, SCHEDULE_SCHEMA, validateScheduleShape } from './schema.js';
export {
  decodeText,
  parseYaml,
  DEFAULT_YAML_LIMITS,
  type ParsedYaml,
  type PathSegment,
  type Position,
  type YamlLimits,
  type YamlOptions,
} from './yaml.js';
