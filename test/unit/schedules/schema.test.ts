import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseScheduleText } from '../../../src/schedules/parse.js';
import {
  DURATION_KEYS,
  propertySchema,
  SCHEDULE_KEYS,
  SCHEDULE_SCHEMA,
  validateScheduleShape,
} from '../../../src/schedules/schema.js';
import { parseYaml } from '../../../src/schedules/yaml.js';
import { MAX_DURATION_MS, parseDuration } from '../../../src/time/duration.js';

const schedulesDir = new URL('../../../schedules/', import.meta.url);

describe('schema/schedule.schema.json', () => {
  test('compiles in ajv strict mode without warnings', () => {
    const warnings: unknown[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      assert.deepEqual(validateScheduleShape({ cron: '0 * * * *', workflow: 'agent.yml' }), []);
    } finally {
      console.warn = original;
    }
    assert.deepEqual(warnings, []);
  });

  test('is the file the loader uses', () => {
    const onDisk = JSON.parse(
      readFileSync(new URL('../../../schema/schedule.schema.json', import.meta.url), 'utf8'),
    );
    assert.deepEqual(onDisk, SCHEDULE_SCHEMA);
  });

  test('describes exactly the keys of SPEC §1, each with a description', () => {
    assert.deepEqual(SCHEDULE_KEYS, [
      'cron',
      'timezone',
      'workflow',
      'ref',
      'inputs',
      'enabled',
      'overlap',
      'catch-up',
      'catch-up-window',
      'retries',
      'retry-delay',
      'timeout',
      'priority',
      'jitter',
      'start-at',
      'end-at',
      'description',
    ]);
    for (const key of SCHEDULE_KEYS) assert.ok(propertySchema(key)?.description, key);
    assert.equal(SCHEDULE_SCHEMA.additionalProperties, false);
    assert.deepEqual(SCHEDULE_SCHEMA.required, ['cron', 'workflow']);
    assert.deepEqual(DURATION_KEYS, ['catch-up-window', 'retry-delay', 'timeout', 'jitter']);
  });

  test('its defaults are the defaults the loader applies (SPEC §1)', () => {
    const result = parseScheduleText("cron: '0 * * * *'\nworkflow: 123\n", 'schedules/d.yml');
    const s = result.schedule!;
    assert.equal(s.enabled, propertySchema('enabled')?.default);
    assert.equal(s.overlap, propertySchema('overlap')?.default);
    assert.equal(s.catchUp, propertySchema('catch-up')?.default);
    assert.equal(s.catchUpWindowMs, parseDuration(propertySchema('catch-up-window')?.default));
    assert.equal(s.retries, propertySchema('retries')?.default);
    assert.equal(s.retryDelayMs, parseDuration(propertySchema('retry-delay')?.default));
    assert.equal(s.priority, propertySchema('priority')?.default);
    assert.equal(s.jitterMs, parseDuration(propertySchema('jitter')?.default));
    assert.deepEqual(
      [
        s.enabled,
        s.overlap,
        s.catchUp,
        s.catchUpWindowMs,
        s.retries,
        s.retryDelayMs,
        s.priority,
        s.jitterMs,
      ],
      [true, 'skip', 'latest', 3_600_000, 0, 600_000, 'medium', 0],
    );
    assert.equal(s.timeoutMs, undefined);
    assert.equal(s.ref, undefined);
  });

  test('the duration pattern accepts exactly what parseDuration accepts', () => {
    const schemaAccepts = (value: unknown): boolean =>
      !validateScheduleShape({ cron: 'x', workflow: 'a.yml', 'retry-delay': value }).some((e) =>
        e.instancePath.startsWith('/retry-delay'),
      );
    const durationAccepts = (value: unknown): boolean => {
      try {
        parseDuration(value);
        return true;
      } catch (error) {
        // The 366-day cap is a semantic check, not part of the pattern.
        return String((error as Error).message).includes('longer than 366 days');
      }
    };
    const piece = fc.oneof(
      fc.constantFrom(
        '1',
        '10',
        '0',
        '90',
        '007',
        's',
        'm',
        'h',
        'd',
        'w',
        'M',
        'H',
        'x',
        ' ',
        '-',
        '.',
        '\t',
        '1.5',
      ),
      fc.nat({ max: 100 }).map(String),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), (parts) => {
        const s = parts.join('');
        assert.equal(schemaAccepts(s), durationAccepts(s), JSON.stringify(s));
      }),
      { numRuns: 2000 },
    );
    for (const v of [0, 5, -1, true, null, '', '0', '1h30m', '1 h']) {
      assert.equal(schemaAccepts(v), durationAccepts(v), JSON.stringify(v));
    }
    assert.ok(MAX_DURATION_MS > 0);
  });

  test('every example in schedules/ starts with the schema comment and validates', () => {
    const files = readdirSync(schedulesDir).filter((f) => /\.ya?ml$/.test(f));
    assert.ok(files.length >= 4);
    for (const file of files) {
      const text = readFileSync(new URL(file, schedulesDir), 'utf8');
      assert.equal(
        text.split('\n')[0],
        '# yaml-language-server: $schema=../schema/schedule.schema.json',
        file,
      );
      const parsed = parseYaml(text, `schedules/${file}`);
      assert.deepEqual(parsed.errors, []);
      assert.deepEqual(validateScheduleShape(parsed.value), [], file);
    }
  });
});
