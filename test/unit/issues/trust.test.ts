import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TRUSTED_AUTHORS, isTrusted } from '../../../src/issues/trust.js';
import { makeIssue } from './helpers.js';

const by = (login: string | null, association: string, type = 'User') =>
  makeIssue({ user: login === null ? null : { login, type }, author_association: association });

describe('trust', () => {
  test('owners, members and collaborators are trusted', () => {
    for (const association of ['OWNER', 'MEMBER', 'COLLABORATOR']) {
      const decision = isTrusted(by('octocat', association));
      assert.equal(decision.trusted, true, association);
      assert.match(decision.reason, new RegExp(`octocat is an? ${association.toLowerCase()}`));
    }
  });

  test('everyone else is untrusted, whatever the label says', () => {
    for (const association of [
      'CONTRIBUTOR',
      'FIRST_TIME_CONTRIBUTOR',
      'FIRST_TIMER',
      'MANNEQUIN',
      'NONE',
      '',
      'owner-ish',
    ]) {
      const decision = isTrusted(by('mallory', association));
      assert.equal(decision.trusted, false, association);
      assert.match(decision.reason, /mallory is not an owner, member or collaborator/);
    }
  });

  test('github-actions[bot] is trusted by default (issues opened by workflows)', () => {
    assert.deepEqual(DEFAULT_TRUSTED_AUTHORS, ['github-actions[bot]']);
    const decision = isTrusted(by('github-actions[bot]', 'NONE', 'Bot'));
    assert.deepEqual(decision, {
      trusted: true,
      reason: 'github-actions[bot] is listed in trusted-authors',
    });
  });

  test('other bots are untrusted unless listed', () => {
    assert.equal(isTrusted(by('renovate[bot]', 'NONE', 'Bot')).trusted, false);
    assert.equal(isTrusted(by('renovate[bot]', 'NONE', 'Bot'), ['renovate[bot]']).trusted, true);
    // Exact logins: `renovate` does not admit `renovate[bot]`.
    assert.equal(isTrusted(by('renovate[bot]', 'NONE', 'Bot'), ['renovate']).trusted, false);
  });

  test('trusted-authors match case-insensitively, with or without @ and spaces', () => {
    assert.equal(isTrusted(by('My-Agent', 'NONE'), [' @my-agent ']).trusted, true);
    assert.equal(isTrusted(by('GitHub-Actions[bot]', 'NONE', 'Bot')).trusted, true);
  });

  test('an explicit list replaces the default', () => {
    assert.equal(isTrusted(by('github-actions[bot]', 'NONE', 'Bot'), []).trusted, false);
    assert.equal(isTrusted(by('github-actions[bot]', 'NONE', 'Bot'), ['someone']).trusted, false);
  });

  test('a deleted author (user null) is untrusted, even as OWNER', () => {
    const decision = isTrusted(by(null, 'OWNER'));
    assert.equal(decision.trusted, false);
    assert.match(decision.reason, /deleted account/);
  });

  test('associations are compared case-insensitively', () => {
    assert.equal(isTrusted(by('octocat', 'member')).trusted, true);
  });
});

describe('issue helpers', () => {
  test('pull requests, label names and label matching', async () => {
    const { hasLabel, isPullRequest, labelNames } = await import('../../../src/issues/issue.js');
    assert.equal(isPullRequest(makeIssue()), false);
    assert.equal(isPullRequest(makeIssue({ pull_request: { url: 'x' } })), true);
    const issue = makeIssue({ labels: ['bug', { name: 'Run-At' }, { name: null }] });
    assert.deepEqual(labelNames(issue), ['bug', 'Run-At']);
    assert.equal(hasLabel(issue, 'run-at'), true);
    assert.equal(hasLabel(issue, 'run-at:failed'), false);
  });
});
