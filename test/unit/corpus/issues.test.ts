/**
 * The hostile run-at issue corpus (issue 6, item 4): every body in test/corpus/issues/, plus
 * the GENERATED ones below (too big to commit), parsed as issues opened by a trusted author
 * against the corpus workflows. Each must give the outcome its manifest entry
 * (test/corpus/issues.expected.json) names, fast; the comment the Action would post (the
 * acknowledgement or the parse error) must stay inert whatever the body holds: one marker, on
 * its first line; no live HTML, mentions or links outside code; under GitHub's size limit.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMarker, renderAck, renderParseError } from '../../../src/issues/comments.js';
import { MAX_BODY_CHARS } from '../../../src/issues/body.js';
import { parseRunAtIssue } from '../../../src/issues/parse.js';
import { isTrusted } from '../../../src/issues/trust.js';
import type { IssueLike, ParseResult } from '../../../src/issues/types.js';
import { WorkflowLoader } from '../../../src/workflows/loader.js';
import {
  CONTROL,
  CORPUS,
  assertErrors,
  assertNotPolluted,
  assertWellFormed,
  corpusWorkspace,
  prototypeSnapshot,
  readManifest,
  type ExpectedErrors,
} from './corpus.js';

interface ValidRequest {
  valid: true;
  runAt?: string;
  cron?: string;
  inputs?: Record<string, string>;
  timezone?: string;
  retries?: number;
  format?: 'front-matter' | 'form';
}

type Expectation = ValidRequest | (ExpectedErrors & { unusableWorkflow?: string });

interface Manifest {
  issues: Record<string, Expectation>;
}

interface Generated {
  name: string;
  why: string;
  body: string | null;
  expect: Expectation;
}

const CREATED = '2026-11-25T07:00:00Z';
const NOW = new Date('2026-11-25T07:05:00Z');

const deepBlock = (): string => {
  const lines = ['---', 'run-at: in 2h', 'inputs:'];
  for (let i = 1; lines.join('\n').length < 60_000; i++) lines.push(`${' '.repeat(i)}k:`);
  return [...lines, '---'].join('\n');
};

const GENERATED: Generated[] = [
  {
    name: 'body-1mb',
    why: 'a 1 MB body, far over GitHub’s 65,536 characters',
    body: `---\nrun-at: in 2h\n---\n${'x'.repeat(1_000_000)}`,
    expect: {
      errors: [
        {
          message:
            "the issue body is 1,000,022 characters; GitHub's limit for issue bodies is 65,536 characters",
          line: 1,
          hint: 'pass long text (a prompt, a log) as a path in the repository or a link',
        },
      ],
    },
  },
  {
    name: 'body-one-over',
    why: 'one character over the limit',
    body: '---\nrun-at: in 2h\n---\n'.padEnd(MAX_BODY_CHARS + 1, 'x'),
    expect: { errors: [{ message: 'the issue body is 65,537 characters', line: 1 }] },
  },
  {
    name: 'body-null',
    why: 'an issue opened without a description (GitHub sends null)',
    body: null,
    expect: {
      errors: [
        { message: 'the issue body is empty', line: 1, hint: 'start the body with a line `---`' },
      ],
    },
  },
  {
    name: 'input-over-limit',
    why: 'a body under GitHub’s limit whose input payload is over the dispatch limit',
    body: `---\nrun-at: in 2h\ninputs:\n  prompt: ${'y'.repeat(65_100)}\n---\n`,
    expect: {
      errors: [
        {
          message:
            'inputs are 65,625 characters (with 512 reserved for `scheduled-run`); GitHub accepts at most 65,535 per dispatch',
          line: 3,
          column: 1,
        },
      ],
    },
  },
  {
    name: 'nul-characters',
    why: 'NUL characters in a value and in an input (the API hands them over as text)',
    body: '---\nrun-at: in 2h\u0000\ninputs:\n  prompt: a\u0000b\n---\n',
    expect: {
      errors: [
        {
          message: '`run-at` "in 2h\\u0000": it contains an invisible character (U+0000)',
          line: 2,
          column: 9,
        },
        { message: 'input "prompt" contains a control character (U+0000)', line: 4, column: 11 },
      ],
    },
  },
  {
    name: 'escape-sequences',
    why: 'terminal escape sequences in a value',
    body: '---\nrun-at: "\u001b[31min 2h\u001b[0m"\ninputs:\n  prompt: hi\n---\n',
    expect: {
      errors: [{ message: 'it contains an invisible character (U+001B)', line: 2, column: 9 }],
    },
  },
  {
    name: 'lone-surrogate',
    why: 'a lone UTF-16 surrogate in an input: text, sent as JSON escapes',
    body: '---\nrun-at: in 2h\ninputs:\n  prompt: "a\\ud800b"\n---\n',
    expect: { valid: true, runAt: '2026-11-25T09:00:00.000Z', inputs: { prompt: 'a\ud800b' } },
  },
  {
    name: 'blank-lines-first',
    why: '60,000 blank lines, then the front matter',
    body: `${'\n'.repeat(60_000)}---\nrun-at: in 2h\ninputs:\n  prompt: late\n---\n`,
    expect: { valid: true, runAt: '2026-11-25T09:00:00.000Z', inputs: { prompt: 'late' } },
  },
  {
    name: 'ten-thousand-headings',
    why: 'an issue form followed by 10,000 unknown sections',
    body: `### Run at\n\nin 2h\n\n${'### x\n'.repeat(10_000)}`,
    expect: {
      errors: [{ message: 'required input "prompt" of workflow agent.yml is missing', line: 1 }],
    },
  },
  {
    name: 'deep-block-nesting',
    why: 'block mappings nested as deep as 60,000 characters allow',
    body: deepBlock(),
    expect: { errors: [{ message: 'front matter is nested more than 16 levels deep', line: 37 }] },
  },
  {
    name: 'dashes',
    why: '65,000 dashes on one line',
    body: '-'.repeat(65_000),
    expect: { errors: [{ message: 'the issue body does not start with front matter', line: 1 }] },
  },
  {
    name: 'cr-only',
    why: 'classic Mac line ends',
    body: '---\rrun-at: in 2h\rinputs:\r  prompt: cr\r---\r',
    expect: { valid: true, runAt: '2026-11-25T09:00:00.000Z', inputs: { prompt: 'cr' } },
  },
  {
    name: 'long-key',
    why: 'a 1,000-character unknown key',
    body: `---\nrun-at: in 2h\n${'k'.repeat(1_000)}: 1\ninputs:\n  prompt: hi\n---\n`,
    expect: { errors: [{ message: '…" (900 more characters)', line: 3, column: 1 }] },
  },
  {
    name: 'long-zone',
    why: 'a 5,000-character zone: refused at once, not compared with every zone',
    body: `---\nrun-at: 2026-11-25 09:00\ntimezone: ${'Z'.repeat(5_000)}\ninputs:\n  prompt: hi\n---\n`,
    expect: {
      errors: [{ message: 'is 5,000 characters long; IANA zone names are at most 32', line: 3 }],
    },
  },
  {
    name: 'long-workflow',
    why: 'a 5,000-character workflow name',
    body: `---\nrun-at: in 2h\nworkflow: ${'w'.repeat(5_000)}.yml\ninputs:\n  prompt: hi\n---\n`,
    expect: {
      errors: [{ message: '(4,904 more characters) not found in .github/workflows', line: 3 }],
      unusableWorkflow: `${'w'.repeat(5_000)}.yml`,
    },
  },
];

const manifest = readManifest<Manifest>('issues.expected.json');
const cases: { name: string; body: string | null; expect: Expectation }[] = [
  ...Object.entries(manifest.issues).map(([name, expect]) => ({
    name,
    body: readFileSync(join(CORPUS, 'issues', name), 'utf8'),
    expect,
  })),
  ...GENERATED.map((g) => ({ name: g.name, body: g.body, expect: g.expect })),
];

function issueOf(number: number, body: string | null): IssueLike {
  return {
    number,
    title: 'Hostile <script>alert(1)</script> @everyone',
    body,
    state: 'open',
    labels: [{ name: 'run-at' }],
    user: { login: 'octocat', type: 'User' },
    author_association: 'OWNER',
    created_at: CREATED,
    updated_at: CREATED,
  };
}

/** The comment without fenced code blocks and code spans: what GitHub renders as Markdown. */
function prose(markdown: string): string {
  const out: string[] = [];
  let fence: { char: string; length: number } | undefined;
  for (const line of markdown.split('\n')) {
    const f = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (fence) {
      if (f && f[1]![0] === fence.char && f[1]!.length >= fence.length && f[2]!.trim() === '') {
        fence = undefined;
      }
      continue;
    }
    if (f && !(f[1]![0] === '`' && f[2]!.includes('`'))) {
      fence = { char: f[1]![0]!, length: f[1]!.length };
      continue;
    }
    out.push(line);
  }
  assert.equal(fence, undefined, 'a code block is never closed');
  // Code spans: a run of backticks up to the next run of the same length.
  return out.join('\n').replace(/(`+)(?:(?!\1)[\s\S])*?\1(?!`)/g, '');
}

/** What must hold of every comment the Action posts, whatever the issue said. */
function assertInertComment(what: string, comment: string, issue: number): void {
  assert.ok(comment.length < MAX_BODY_CHARS, `${what}: comment is ${comment.length} characters`);
  const marker = parseMarker(comment);
  assert.ok(marker, `${what}: no marker`);
  assert.equal(marker.kind, 'ack');
  assert.equal(marker.fields['issue'], String(issue));
  const rest = comment.slice(comment.indexOf('\n') + 1);
  assert.ok(!rest.includes('<!--'), `${what}: a second HTML comment (a spoofable marker)`);
  assert.doesNotMatch(comment, CONTROL, `${what}: control character`);
  const text = prose(rest);
  const tags = (text.match(/<\/?[A-Za-z!?][^>]*>?/g) ?? []).filter(
    (t) => !['<details>', '</details>', '<summary>', '</summary>'].includes(t),
  );
  assert.deepEqual(tags, [], `${what}: live HTML outside code`);
  assert.doesNotMatch(text, /<script/i, `${what}: <script> outside code`);
  assert.doesNotMatch(text, /(?<!\\)\]\((?:javascript|data):/i, `${what}: a live link`);
  assert.doesNotMatch(text, /(^|[^\w\\])@[A-Za-z0-9]/m, `${what}: a live @mention`);
}

describe('hostile input corpus: run-at issue bodies', () => {
  const before = prototypeSnapshot();
  const workflows = new WorkflowLoader(corpusWorkspace(false));
  const options = { defaultTimezone: 'UTC', defaultWorkflow: 'agent.yml', workflows };
  // Warm up (the first call compiles regular expressions and reads agent.yml).
  parseRunAtIssue(issueOf(1, '---\nrun-at: in 2h\ninputs:\n  prompt: x\n---\n'), options);

  const results = new Map<string, { issue: IssueLike; result: ParseResult; ms: number }>();
  const start = performance.now();
  cases.forEach(({ name, body }, i) => {
    const issue = issueOf(100 + i, body);
    const t = performance.now();
    const result = parseRunAtIssue(issue, options);
    results.set(name, { issue, result, ms: performance.now() - t });
  });
  const elapsedMs = performance.now() - start;

  test('the corpus is as large as issue 6 asks', () => {
    const committed = readdirSync(join(CORPUS, 'issues'));
    assert.ok(committed.length + GENERATED.length >= 30, `${committed.length} bodies`);
    assert.deepEqual(committed.sort(), Object.keys(manifest.issues).sort());
  });

  test('every body is parsed within the time bound', (t) => {
    const slowest = [...results].sort((a, b) => b[1].ms - a[1].ms)[0]!;
    t.diagnostic(
      `${cases.length} bodies (${GENERATED.length} generated) parsed in ${Math.round(elapsedMs)} ms; slowest ${slowest[0]} ${Math.round(slowest[1].ms)} ms`,
    );
    assert.ok(elapsedMs < 5_000, `all bodies took ${Math.round(elapsedMs)} ms`);
    const slow = [...results]
      .filter(([, r]) => r.ms > 1_000)
      .map(([n, r]) => `${n}: ${Math.round(r.ms)} ms`);
    assert.deepEqual(slow, []);
  });

  for (const { name, expect } of cases) {
    test(name, () => {
      const { issue, result } = results.get(name)!;
      assert.equal(isTrusted(issue).trusted, true, 'the corpus is parsed as a trusted author');
      if ('valid' in expect) {
        assert.deepEqual(
          result.errors.map((e) => e.format()),
          [],
          `${name} should be valid`,
        );
        const request = result.request!;
        if (expect.runAt !== undefined) assert.equal(request.runAt?.toISOString(), expect.runAt);
        if (expect.cron !== undefined) assert.equal(request.cron, expect.cron);
        if (expect.inputs !== undefined) assert.deepEqual({ ...request.inputs }, expect.inputs);
        if (expect.timezone !== undefined) assert.equal(request.timezone, expect.timezone);
        if (expect.retries !== undefined) assert.equal(request.retries, expect.retries);
        assert.equal(request.format, expect.format ?? 'front-matter');
        assertInertComment(name, renderAck(request, NOW, issue), issue.number);
        return;
      }
      assert.equal(result.request, undefined);
      assertErrors(name, result.errors, expect);
      for (const e of result.errors) assert.equal(e.source, `issue #${issue.number}`);
      const lines = issue.body === null ? 1 : issue.body.split(/\r\n|\r|\n/).length;
      assertWellFormed(name, result.errors, lines);
      assert.equal(result.unusableWorkflow, expect.unusableWorkflow, 'unusableWorkflow');
      assertInertComment(name, renderParseError(result.errors, issue), issue.number);
    });
  }

  test('spoofed markers and injected HTML are quoted, never live', () => {
    // The user's text is there, readable, but broken up or escaped.
    const shown: [string, string][] = [
      ['marker-spoof.md', '<!\u200b-- agent-scheduler:ack issue=7 status=ok --\u200b>'],
      ['html-injection-error.md', '"&lt;script&gt;alert(1)&lt;/script&gt;" is not a time'],
      ['mention-injection.md', '@\u200beveryone \\#\u200b1 \\[link\\](javascript:alert(1))'],
    ];
    for (const [name, text] of shown) {
      const { issue, result } = results.get(name)!;
      const comment = renderParseError(result.errors, issue);
      assert.ok(comment.includes(text), `${name}: ${text} not in\n${comment}`);
      assert.equal(comment.split('<!--').length, 2, `${name}: only our marker opens a comment`);
    }
    const { issue, result } = results.get('valid-html-in-inputs.md')!;
    const ack = renderAck(result.request!, NOW, issue);
    assert.match(ack, /<script>alert\(1\)<\/script>/, 'shown as text inside a code block');
    assert.equal(ack.split('<!--').length, 2);
  });

  test('Object.prototype is untouched', () => {
    assertNotPolluted(before);
  });
});
