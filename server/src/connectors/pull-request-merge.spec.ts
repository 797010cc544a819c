import type { PullRequestRecord } from '@bearing/shared';
import { mergePullRequestUpdates } from './pull-request-merge.js';

const stored = {
  repo: 'acme/api',
  number: 12,
  title: 'Fix cart totals',
  body: 'Rounding was off.',
  author: 'ana-gh',
  createdAt: new Date('2026-03-01T09:00:00Z'),
  mergedAt: null,
  closedAt: null,
  baseBranch: 'main',
  headBranch: 'feat/cart',
  mergeSha: null,
  labels: ['agent'],
};
const merged: PullRequestRecord = {
  type: 'pull_request',
  repo: 'acme/api',
  number: 12,
  title: '12',
  body: '',
  author: 'unknown',
  createdAt: '2026-03-02T15:00:00Z',
  mergedAt: '2026-03-02T15:00:00Z',
  closedAt: '2026-03-02T15:00:00Z',
  baseBranch: 'main',
  headBranch: 'unknown',
  mergeSha: 'abcdef1',
};
const placeholders = { 0: ['title', 'body', 'author', 'createdAt', 'baseBranch', 'headBranch', 'labels'] };

describe('mergePullRequestUpdates', () => {
  it('a merge arriving after the opening keeps what the opening stored, and adds the merge', () => {
    expect(mergePullRequestUpdates([merged], [stored], placeholders)).toEqual([
      { ...merged, title: 'Fix cart totals', body: 'Rounding was off.', author: 'ana-gh', createdAt: '2026-03-01T09:00:00.000Z', headBranch: 'feat/cart', labels: ['agent'] },
    ]);
  });

  it('an opening arriving after the merge keeps the stored merge; nothing stored or no placeholders → unchanged', () => {
    const opened: PullRequestRecord = { ...merged, title: 'Fix cart totals', author: 'ana-gh', createdAt: '2026-03-01T09:00:00Z', mergedAt: null, closedAt: null, mergeSha: null };
    const afterMerge = { ...stored, mergedAt: new Date('2026-03-02T15:00:00Z'), closedAt: new Date('2026-03-02T15:00:00Z'), mergeSha: 'abcdef1', labels: null };
    expect(mergePullRequestUpdates([opened], [afterMerge], { 0: ['mergedAt', 'closedAt', 'mergeSha', 'labels'] })).toEqual([
      { ...opened, mergedAt: '2026-03-02T15:00:00.000Z', closedAt: '2026-03-02T15:00:00.000Z', mergeSha: 'abcdef1' },
    ]);
    expect(mergePullRequestUpdates([merged], [], placeholders)).toEqual([merged]);
    expect(mergePullRequestUpdates([merged], [stored], undefined)).toEqual([merged]);
    expect(mergePullRequestUpdates([{ ...merged, number: 13 }], [stored], placeholders)).toEqual([{ ...merged, number: 13 }]);
  });
});
