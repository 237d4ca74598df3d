/** In-place YAML edits for `update`: everything not changed stays byte for byte. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { applyEdits, renderScheduleFile } from '../../src/cli/edit.js';

const FILE = [
  '# yaml-language-server: $schema=../schema/schedule.schema.json',
  '# Head comment.',
  'cron: "0 2 * * 1-5"          # aligned comment',
  'workflow:   agent.yml',
  'inputs:',
  '  prompt: |',
  '    Review the PRs',
  '    and more',
  '  other: x   # c',
  '',
  'retries: 1',
  '# trailing comment',
  '',
].join('\n');

describe('applyEdits', () => {
  test('replacing a scalar keeps its quoting and every other byte', () => {
    const out = applyEdits(FILE, [{ kind: 'set', path: ['cron'], value: '*/5 * * * *' }]);
    assert.equal(out, FILE.replace('"0 2 * * 1-5"', '"*/5 * * * *"'));
    const single = "cron: '0 2 * * *' # c\nworkflow: a.yml\n";
    assert.equal(
      applyEdits(single, [{ kind: 'set', path: ['cron'], value: "it's" }]),
      "cron: 'it''s' # c\nworkflow: a.yml\n",
    );
  });

  test('a plain value that would read back as another type or as YAML syntax is quoted', () => {
    const text = 'description: hello\nretries: 1\n';
    const out = applyEdits(text, [
      { kind: 'set', path: ['description'], value: 'true' },
      { kind: 'set', path: ['retries'], value: 3 },
    ]);
    assert.deepEqual(parse(out), { description: 'true', retries: 3 });
    const tricky = applyEdits(text, [{ kind: 'set', path: ['description'], value: '*x: # y' }]);
    assert.equal(parse(tricky).description, '*x: # y');
  });

  test('a block scalar becomes a plain one, and a multi-line value a block', () => {
    const short = applyEdits(FILE, [{ kind: 'set', path: ['inputs', 'prompt'], value: 'short' }]);
    assert.equal(short, FILE.replace('|\n    Review the PRs\n    and more\n', 'short\n'));
    const long = applyEdits(FILE, [
      { kind: 'set', path: ['inputs', 'other'], value: 'line one\nline two' },
    ]);
    assert.equal(parse(long).inputs.other, 'line one\nline two');
    assert.ok(long.startsWith(FILE.slice(0, FILE.indexOf('  other:'))));
  });

  test('new keys go after their predecessor in the SPEC order, with the map’s indentation', () => {
    const out = applyEdits(FILE, [
      { kind: 'set', path: ['timezone'], value: 'Europe/Paris' },
      { kind: 'set', path: ['description'], value: 'x' },
      { kind: 'set', path: ['inputs', 'dry-run'], value: 'true' },
    ]);
    assert.equal(
      out,
      FILE.replace('workflow:', 'timezone: Europe/Paris\nworkflow:')
        .replace('  other: x   # c\n', '  other: x   # c\n  dry-run: "true"\n')
        .replace('retries: 1\n', 'retries: 1\ndescription: x\n'),
    );
  });

  test('removing the last input removes `inputs:`; a file without a final newline', () => {
    const out = applyEdits(FILE, [
      { kind: 'delete', path: ['inputs', 'prompt'] },
      { kind: 'delete', path: ['inputs', 'other'] },
    ]);
    assert.equal(out, FILE.replace(/inputs:\n[\s\S]*?# c\n/, ''));
    assert.equal(
      applyEdits('cron: "0 * * * *"\nworkflow: a.yml', [
        { kind: 'set', path: ['priority'], value: 'high' },
      ]),
      'cron: "0 * * * *"\nworkflow: a.yml\npriority: high\n',
    );
    assert.equal(
      applyEdits('cron: x\nworkflow: a.yml\n', [
        { kind: 'set', path: ['inputs', 'a'], value: 'b' },
      ]),
      'cron: x\nworkflow: a.yml\ninputs:\n  a: b\n',
    );
  });

  test('a flow mapping falls back to the Document API and stays valid', () => {
    const out = applyEdits('cron: x\nworkflow: a.yml\ninputs: { a: b }  # keep\n', [
      { kind: 'set', path: ['inputs', 'c'], value: 'd' },
    ]);
    assert.deepEqual(parse(out).inputs, { a: 'b', c: 'd' });
    assert.match(out, /# keep/);
  });
});

describe('renderScheduleFile', () => {
  test('the schema comment first, keys in SPEC order, cron single-quoted', () => {
    assert.equal(
      renderScheduleFile(
        {
          workflow: 'agent.yml',
          retries: 2,
          cron: '0 2 * * 1-5',
          inputs: { prompt: 'a\nb' },
          enabled: false,
        },
        '../schema/schedule.schema.json',
      ),
      [
        '# yaml-language-server: $schema=../schema/schedule.schema.json',
        "cron: '0 2 * * 1-5'",
        'workflow: agent.yml',
        'inputs:',
        '  prompt: |-',
        '    a',
        '    b',
        'enabled: false',
        'retries: 2',
        '',
      ].join('\n'),
    );
  });
});
