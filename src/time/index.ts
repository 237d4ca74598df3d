/** Time for agent-scheduler: cron in IANA zones with SPEC §1's DST rules, instants, durations. */
export {
  CRON_FIELDS_HINT,
  CRON_MACROS,
  CronError,
  CronSpec,
  MAX_SEARCH_YEARS,
  describeCron,
  isIntervalSchedule,
  validateCron,
} from './cron.js';
export {
  DurationError,
  MAX_DURATION_MS,
  formatDuration,
  parseDuration,
  toDurationString,
} from './duration.js';
export {
  formatInZone,
  formatRelative,
  formatUtc,
  formatZonedIso,
  zoneAbbreviation,
} from './format.js';
export { InstantError, parseInstant } from './instant.js';
export {
  instantFromWallClock,
  isValidTimeZone,
  suggestTimeZone,
  timeZoneProblem,
  zoneRules,
  type Resolution,
  type Transition,
} from './zone.js';
