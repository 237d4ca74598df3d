/** Whatever the body, parsing and rendering are total: no throw, one of request or errors. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseMarker, renderAck, renderParseError } from '../../../src/issues/comments.js';
import { parseRunAtIssue } from '../../../src/issues/parse.js';
import { OPTIONS, bodyIssue } from './helpers.js';

const NOW = new Date('2026-11-25T07:02:00Z');
const options = { ...OPTIONS, defaultWorkflow: 'agent.yml' };

function check(body: string): void {
  const issue = bodyIssue(body);
  const result = parseRunAtIssue(issue, options);
  if (result.request) {
    assert.deepEqual(result.errors, []);
    const ack = renderAck(result.request, NOW, issue);
    assert.equal(parseMarker(ack)?.kind, 'ack');
    assert.equal(ack.split('<!-- agent-scheduler:').length, 2);
  } else {
    assert.ok(result.errors.length > 0);
    for (const e of result.errors) assert.ok(e.line !== undefined && e.line >= 1, e.format());
    const comment = renderParseError(result.errors, issue);
    assert.equal(parseMarker(comment)?.kind, 'ack');
    assert.equal(comment.split('<!-- agent-scheduler:').length, 2);
  }
}

const lineArb = fc.oneof(
  fc.constantFrom(
    '---',
    '...',
    '',
    'run-at: in 2h',
    'run-at: 2026-11-25T09:00:00Z',
    'cron: "0 9 * * *"',
    'workflow: agent.yml',
    'workflow: plain.yml',
    'timezone: Europe/Paris',
    'inputs:',
    '  prompt: hi',
    '  model: large',
    '  prompt: |',
    '    text',
    '### Run at',
    '### Inputs',
    '```yaml',
    '```',
    '_No response_',
    '<!-- c -->',
    '__proto__: x',
    '  __proto__: y',
    'a: &a [1]',
    'b: *a',
    '\t- x',
  ),
  fc.string({ maxLength: 30 }),
);

describe('properties', () => {
  test('bodies made of plausible and random lines', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 25 }), fc.boolean(), (lines, crlf) => {
        check(lines.join(crlf ? '\r\n' : '\n'));
      }),
      { numRuns: 500 },
    );
  });

  test('arbitrary text, including lone surrogates and control characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        check(text);
        check(`---\n${text}\n---\n`);
        check(`### Run at\n\n${text}\n\n### Inputs\n\n${text}`);
      }),
      { numRuns: 300 },
    );
  });

  test('a relative run-at lands exactly that long after creation, up to 366 days', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.constantFrom('s', 'm', 'h'),
        (n, unit) => {
          const result = parseRunAtIssue(bodyIssue(`---\nrun-at: in ${n}${unit}\n---\n`), options);
          const ms = n * { s: 1_000, m: 60_000, h: 3_600_000 }[unit];
          if (ms > 366 * 86_400_000) {
            assert.match(result.errors[0]!.message, /longer than 366 days/);
          } else {
            assert.equal(result.request?.runAt?.getTime(), Date.parse('2026-11-25T07:00:00Z') + ms);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
