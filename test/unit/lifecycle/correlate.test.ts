import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { correlate, dispatchingActor, titleNames } from '../../../src/lifecycle/index.js';
import { ACTOR, at, oid, run } from './helpers.js';

const want = (t: string, dispatchedAt: string, runId?: number) => ({
  token: oid(t),
  id: oid(t),
  dispatchedAt: at(dispatchedAt).getTime(),
  ...(runId === undefined ? {} : { runId }),
});
const pick = (m: ReturnType<typeof correlate>) =>
  Object.fromEntries([...m].map(([k, v]) => [k, `${v.how}:${v.run.id}`]));

describe('titleNames', () => {
  test('finds the id in the JSON the README puts in run-name, never a longer attempt number', () => {
    const id = oid('06:00');
    const json = JSON.stringify({ id, source: 'schedule:nightly', attempt: 1 });
    assert.ok(titleNames(json, id));
    assert.ok(titleNames(`nightly ${id}`, id));
    assert.ok(!titleNames(json.replace('#1', '#10'), id));
    assert.ok(titleNames(`${oid('06:00', 10)} then ${id}`, id), 'a later exact occurrence counts');
    assert.ok(!titleNames('Agent', id));
  });
});

describe('correlate', () => {
  test('by run id first; by title for runs without one; a run is never matched twice', () => {
    const runs = [
      run(3, '06:00:09', { displayTitle: JSON.stringify({ id: oid('06:00') }) }),
      run(2, '05:00:09', { displayTitle: oid('05:00') }),
      run(1, '04:00:09', { displayTitle: oid('04:00') }),
    ];
    const taken = new Set<number>();
    const m = correlate(
      runs,
      [want('06:00', '06:00:05'), want('05:00', '05:00:05', 1), want('04:00', '04:00:05')],
      taken,
    );
    assert.deepEqual(pick(m), { [oid('06:00')]: 'title:3', [oid('05:00')]: 'id:1' });
    assert.deepEqual([...taken].sort(), [1, 3], 'run 1 is held by 05:00, so 04:00 finds nothing');
  });

  test('approximately: created after the dispatch (minus skew), by the actor, oldest first', () => {
    const runs = [
      run(14, '07:30:00'), // too late for both (window 15m)
      run(13, '06:00:08'),
      run(12, '06:00:07'),
      run(11, '06:00:03', { actor: 'alice' }), // someone else's manual run
      run(10, '05:50:00'), // long before the dispatch
    ];
    const m = correlate(
      runs,
      [want('06:00', '06:00:05'), want('05:00', '06:00:05')],
      new Set(),
      ACTOR,
    );
    assert.deepEqual(pick(m), {
      [oid('05:00')]: 'approximate:12',
      [oid('06:00')]: 'approximate:13',
    });
    const anyone = correlate(runs, [want('06:00', '06:00:05')], new Set());
    assert.deepEqual(pick(anyone), { [oid('06:00')]: 'approximate:11' }, 'actor unknown');
  });

  test('no approximate match when the workflow titles carry occurrence ids (not visible yet)', () => {
    const runs = [run(21, '06:00:07'), run(20, '05:00:07', { displayTitle: oid('05:00') })];
    const m = correlate(runs, [want('06:00', '06:00:05')], new Set([20]), ACTOR);
    assert.deepEqual(pick(m), {});
  });

  test('runs already recorded for another occurrence are not matched approximately', () => {
    const m = correlate([run(30, '06:00:07')], [want('06:00', '06:00:05')], new Set([30]));
    assert.deepEqual(pick(m), {});
  });

  test('dispatchingActor: given, else the newest of our own runs', () => {
    const runs = [run(2, '06:00', { actor: 'bot-b' }), run(1, '05:00', { actor: 'bot-a' })];
    assert.equal(dispatchingActor(runs, new Set([1, 2])), 'bot-b');
    assert.equal(dispatchingActor(runs, new Set([1])), 'bot-a');
    assert.equal(dispatchingActor(runs, new Set()), undefined);
    assert.equal(dispatchingActor(runs, new Set([1]), 'me'), 'me');
  });
});
