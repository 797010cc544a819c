import { parseRootCause, parseRootCauseFromTexts, parseRootCauseValue } from './root-cause.js';

describe('root cause lines', () => {
  it.each([
    ['Root cause: #42', { pr: { repo: 'acme/api', number: 42 } }],
    ['root cause: acme/web#7.', { pr: { repo: 'acme/web', number: 7 } }],
    ['- **Root cause**: https://github.com/acme/web/pull/9', { pr: { repo: 'acme/web', number: 9 } }],
    ['root-cause: https://ghe.example.com/acme/web/commit/ABCDEF1234567', { sha: 'abcdef1234567' }],
    ['root cause: `9fceb02d0ae598e95dc970b74767f19372d61af8`', { sha: '9fceb02d0ae598e95dc970b74767f19372d61af8' }],
    ['root cause: acme/api@deadbeef', { sha: 'deadbeef' }],
    ['root cause: deadbee', { sha: 'deadbee' }],
    ['root cause: deployment 1234567', { deployment: '1234567' }],
    ['ROOT CAUSE: github:acme/api:deployment:991', { deployment: 'github:acme/api:deployment:991' }],
    ['root cause: cd-2026-03-01-1 (the config push)', { deployment: 'cd-2026-03-01-1' }],
  ])('%s', (line, expected) => {
    expect(parseRootCause(`Summary of the outage.\n\n${line}\nmore text`, 'acme/api')).toEqual(expected);
  });

  it('needs a repository for a bare #PR, and a line that says root cause', () => {
    expect(parseRootCause('root cause: #42', null)).toBeNull();
    expect(parseRootCause('The root cause is unknown', 'acme/api')).toBeNull();
    expect(parseRootCause('root cause:   ', 'acme/api')).toBeNull();
    expect(parseRootCause(null)).toBeNull();
    expect(parseRootCauseValue('#0', 'acme/api')).toBeNull();
  });

  it('takes the latest note naming a cause', () => {
    expect(parseRootCauseFromTexts(['root cause: acme/api#1', 'unrelated', 'Root cause: acme/api#2', null])).toEqual({ pr: { repo: 'acme/api', number: 2 } });
  });
});
