/** Run-at issues: pure logic (parsing, trust, comments). The gateway and the tick do the I/O. */
export type { IssueLike, ParseResult, RunAtRequest } from './types.js';
export { parseRunAtIssue, ISSUE_YAML_LIMITS, MAX_RETRIES } from './parse.js';
export type { ParseOptions, WorkflowSource } from './parse.js';
export { MAX_BODY_CHARS, extractRequest, normalizeBody } from './body.js';
export type { BodyShape, FormSection } from './body.js';
export { parseRunAt, RUN_AT_FORMS } from './run-at.js';
export { parseDateTime } from './date-time.js';
export type { RunAtValue, RunAtKind } from './run-at.js';
export { REQUEST_KEYS, FRONT_MATTER_EXAMPLE, FORM_EXAMPLE, RECURRING_EXAMPLE } from './examples.js';
export { requestFingerprint, timingFingerprint, errorsFingerprint } from './fingerprint.js';
export {
  isTrusted,
  normalizeLogin,
  DEFAULT_TRUSTED_AUTHORS,
  TRUSTED_ASSOCIATIONS,
} from './trust.js';
export type { TrustDecision } from './trust.js';
export {
  MARKER_KINDS,
  renderMarker,
  parseMarker,
  findMarkedComments,
  renderAck,
  renderParseError,
  renderUntrusted,
  renderDispatched,
  renderFailed,
} from './comments.js';
export type {
  Marker,
  MarkerKind,
  CommentLike,
  CommentOptions,
  DispatchedInfo,
  FailedInfo,
} from './comments.js';
export { neutralizeMarkers, escapeText, inlineCode, codeBlock } from './markdown.js';
export { isPullRequest, labelNames, hasLabel } from './issue.js';
