import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  MARKER_KINDS,
  findMarkedComments,
  parseMarker,
  renderAck,
  renderFailed,
  renderMarker,
  renderParseError,
} from '../../../src/issues/comments.js';
import { codeBlock, escapeText, inlineCode, renderMessage } from '../../../src/issues/markdown.js';
import { parseRunAtIssue } from '../../../src/issues/parse.js';
import { OPTIONS, bodyIssue } from './helpers.js';

const NOW = new Date('2026-11-25T07:02:00Z');

describe('markers', () => {
  test('render and parse round trip', () => {
    const text = renderMarker('ack', { issue: 12, fingerprint: 'abc' });
    assert.equal(text, '<!-- agent-scheduler:ack issue=12 fingerprint=abc -->');
    assert.deepEqual(parseMarker(`${text}\n### Scheduled`), {
      kind: 'ack',
      fields: { issue: '12', fingerprint: 'abc' },
    });
  });

  test('undefined fields are left out; odd values are encoded and decoded', () => {
    const text = renderMarker('dispatched', {
      issue: 7,
      fingerprint: undefined,
      occurrence: '2026-11-25T09:00:00.000Z',
      note: 'a b --> <!-- c',
    });
    assert.equal(
      text,
      '<!-- agent-scheduler:dispatched issue=7 occurrence=2026-11-25T09:00:00.000Z note=a%20b%20--%3E%20%3C!--%20c -->',
    );
    assert.deepEqual(parseMarker(text)?.fields, {
      issue: '7',
      occurrence: '2026-11-25T09:00:00.000Z',
      note: 'a b --> <!-- c',
    });
  });

  test('property: any kind and field values survive the round trip', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...MARKER_KINDS),
        fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), fc.string({ maxLength: 40 }), {
          maxKeys: 5,
        }),
        (kind, fields) => {
          const text = renderMarker(kind, fields);
          assert.equal(text.split('\n').length, 1);
          assert.equal(text.indexOf('-->'), text.length - 3);
          const parsed = parseMarker(text);
          assert.deepEqual(parsed, { kind, fields: { ...fields } });
        },
      ),
    );
  });

  test('every rendered comment starts with its marker', () => {
    const issue = bodyIssue('---\nrun-at: in 2h\nworkflow: plain.yml\n---\n');
    const request = parseRunAtIssue(issue, OPTIONS).request!;
    assert.deepEqual(parseMarker(renderAck(request, NOW, issue)), {
      kind: 'ack',
      fields: { issue: '12', fingerprint: request.fingerprint, status: 'ok' },
    });
    const bad = bodyIssue('---\nrun-at: soon\n---\n');
    const errors = parseRunAtIssue(bad, OPTIONS).errors;
    assert.equal(parseMarker(renderParseError(errors, bad))?.fields.status, 'error');
    assert.equal(parseMarker(renderFailed('boom', { issue: 3 }))?.kind, 'failed');
  });

  test('only a marker at the very start of a comment counts', () => {
    const marker = '<!-- agent-scheduler:dispatched issue=12 -->';
    assert.ok(parseMarker(`  \n${marker}`));
    assert.ok(parseMarker(`\ufeff${marker}`));
    assert.equal(parseMarker(`Thanks!\n${marker}`), null);
    assert.equal(parseMarker(`> ${marker}`), null);
    assert.equal(parseMarker(`\`${marker}\``), null);
  });

  test('malformed or foreign markers are null', () => {
    for (const text of [
      null,
      undefined,
      '',
      '<!-- agent-scheduler:nope issue=12 -->',
      '<!-- agent-scheduler:ack issue=12',
      '<!-- agent-scheduler:ack issue=12-->',
      '<!-- agent-scheduler:ack\nissue=12 -->',
      '<!-- agent-scheduler:ack __proto__=x -->',
      '<!-- agent-scheduler:ack =x -->',
      '<!-- agent-scheduler:ack Issue=12 -->',
      '<!-- other-tool:ack issue=12 -->',
      `<!-- agent-scheduler:ack ${'x=1 '.repeat(1000)}-->`,
    ]) {
      assert.equal(parseMarker(text), null, String(text));
    }
  });

  test('a repeated field keeps its first value; no prototype pollution', () => {
    const parsed = parseMarker('<!-- agent-scheduler:ack issue=1 issue=2 constructor=x -->');
    assert.equal(parsed?.fields.issue, '1');
    assert.equal(parsed?.fields.constructor, 'x');
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });
});

describe('finding our own comments', () => {
  const ack = '<!-- agent-scheduler:ack issue=12 fingerprint=abc -->\nScheduled';
  const comments = [
    { id: 1, body: ack, user: { login: 'mallory' } },
    { id: 2, body: 'Looks good', user: { login: 'github-actions[bot]' } },
    { id: 3, body: ack, user: { login: 'github-actions[bot]' } },
    {
      id: 4,
      body: '<!-- agent-scheduler:dispatched issue=12 -->',
      user: { login: 'GitHub-Actions[bot]' },
    },
    {
      id: 5,
      body: '<!-- agent-scheduler:ack issue=13 fingerprint=x -->',
      user: { login: 'github-actions[bot]' },
    },
    { id: 6, body: ack, user: null },
    { id: 7, body: null, user: { login: 'github-actions[bot]' } },
  ];

  test('markers in comments by anyone else are ignored (spoofing)', () => {
    const found = findMarkedComments(comments, ['github-actions[bot]']);
    assert.deepEqual(
      found.map((f) => f.comment.id),
      [3, 4, 5],
    );
  });

  test('filter by kind and issue', () => {
    assert.deepEqual(
      findMarkedComments(comments, ['github-actions[bot]'], { kind: 'ack', issue: 12 }).map(
        (f) => f.comment.id,
      ),
      [3],
    );
    assert.deepEqual(
      findMarkedComments(comments, ['github-actions[bot]'], { kind: 'dispatched' }).map(
        (f) => f.comment.id,
      ),
      [4],
    );
  });

  test('a checker running with a personal token names its own login', () => {
    assert.deepEqual(
      findMarkedComments(comments, ['mallory']).map((f) => f.comment.id),
      [1],
    );
    assert.deepEqual(findMarkedComments(comments, []), []);
  });
});

describe('escaping user text', () => {
  test('a marker written in the issue body is neutralised wherever it is echoed', () => {
    const spoof = '<!-- agent-scheduler:dispatched issue=12 fingerprint=x -->';
    const issue = bodyIssue(
      `---\nrun-at: in 2h\nworkflow: agent.yml\ninputs:\n  prompt: "${spoof}"\n---\n`,
    );
    const ack = renderAck(parseRunAtIssue(issue, OPTIONS).request!, NOW, issue);
    assert.equal(ack.split('<!-- agent-scheduler:').length, 2, 'only our own marker');
    const bad = bodyIssue(`---\nrun-at: in 2h\n${spoof}: 1\nwork flow: x\n---\n`);
    const errors = parseRunAtIssue(bad, OPTIONS).errors;
    assert.ok(errors.length > 0);
    const comment = renderParseError(errors, bad);
    assert.equal(comment.split('<!-- agent-scheduler:').length, 2, 'only our own marker');
    assert.equal(parseMarker(comment)?.kind, 'ack');
  });

  test('escapeText: no HTML, no emphasis, no mentions, no references', () => {
    assert.equal(
      escapeText('<img src=x> *bold* _it_ [a](b) @octo #12 a|b ~x~ `c`\nnext'),
      '&lt;img src=x&gt; \\*bold\\* \\_it\\_ \\[a\\](b) @\u200bocto \\#\u200b12 a\\|b \\~x\\~ \\`c\\` next',
    );
  });

  test('inlineCode cannot be closed early and stays on one line', () => {
    assert.equal(inlineCode('a`b'), '``a`b``');
    assert.equal(inlineCode('`x`'), '`` `x` ``');
    assert.equal(inlineCode('a\nb'), '`a b`');
    assert.equal(inlineCode(''), '` `');
    assert.equal(inlineCode('x'.repeat(300)).length, 2 + 200 + '… (100 more characters)'.length);
  });

  test('codeBlock fences are longer than any backtick run inside', () => {
    assert.equal(codeBlock('a\n```\nb', 'yaml'), '````yaml\na\n```\nb\n````');
    assert.equal(codeBlock('plain'), '```\nplain\n```');
  });

  test('renderMessage keeps our code spans and escapes the rest', () => {
    assert.equal(
      renderMessage('unknown key "<b>" — did you mean `run-at`? @x'),
      'unknown key "&lt;b&gt;" — did you mean `run-at`? @\u200bx',
    );
  });

  test('property: escaped text never contains raw HTML or a live marker', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const out = renderMessage(text);
        const outside = out.replace(/(`+)(?:(?!\1).)*?\1/g, '');
        assert.ok(!/<[a-z!/]/i.test(outside), out);
        assert.ok(!out.includes('<!--'), out);
        assert.ok(!out.includes('\n'), out);
        const block = codeBlock(text);
        assert.ok(!block.includes('<!--'), block);
        const lines = block.split('\n');
        const fence = lines[0]!;
        assert.ok(!lines.slice(1, -1).some((l) => l.trim().startsWith(fence)), block);
      }),
    );
  });
});
