import { codeownersMatcher, compilePathPattern, ownerSquadResolver, parseCodeowners, scopeMatcher } from './codeowners.js';

const FILE = `# Default owners
*                     @acme/platform

# payments
/src/payments/        @acme/payments-core  # inline comment
/src/payments/ledger/ @acme/payments-ledger ana@acme.test
*.sql                 @db-admin
docs/*                @acme/docs
/vendor/
apps/**/config.yml    @acme/platform-delivery
`;

describe('parseCodeowners', () => {
  it('reads pattern and owners per line with its line number, skipping comments and blanks', () => {
    expect(parseCodeowners(FILE)).toEqual([
      { position: 2, pathPattern: '*', owners: ['@acme/platform'] },
      { position: 5, pathPattern: '/src/payments/', owners: ['@acme/payments-core'] },
      { position: 6, pathPattern: '/src/payments/ledger/', owners: ['@acme/payments-ledger', 'ana@acme.test'] },
      { position: 7, pathPattern: '*.sql', owners: ['@db-admin'] },
      { position: 8, pathPattern: 'docs/*', owners: ['@acme/docs'] },
      { position: 9, pathPattern: '/vendor/', owners: [] },
      { position: 10, pathPattern: 'apps/**/config.yml', owners: ['@acme/platform-delivery'] },
    ]);
  });

  it('keeps escaped spaces and hashes in patterns', () => {
    expect(parseCodeowners('my\\ dir/\\#x @u')).toEqual([{ position: 1, pathPattern: 'my dir/#x', owners: ['@u'] }]);
  });
});

describe('codeownersMatcher: the last matching line wins', () => {
  const owners = codeownersMatcher(parseCodeowners(FILE));
  it.each([
    ['README.md', ['@acme/platform']],
    ['src/payments/api.ts', ['@acme/payments-core']],
    ['src/payments/ledger/book.ts', ['@acme/payments-ledger', 'ana@acme.test']],
    // *.sql is unanchored: any depth, and later than /src/payments/
    ['src/payments/migrations/001.sql', ['@db-admin']],
    // docs/* matches direct children only
    ['docs/guide.md', ['@acme/docs']],
    ['docs/deep/guide.md', ['@acme/platform']],
    // a line without owners removes ownership
    ['vendor/lib/x.js', []],
    ['apps/web/config.yml', ['@acme/platform-delivery']],
    ['apps/web/nested/config.yml', ['@acme/platform-delivery']],
    ['apps/config.yml', ['@acme/platform-delivery']],
  ])('%s → %j', (path, expected) => {
    expect(owners(path)).toEqual(expected);
  });

  it('returns null when nothing matches', () => {
    expect(codeownersMatcher(parseCodeowners('/src/ @a'))('lib/x.ts')).toBeNull();
  });

  it('treats an unanchored name as matching at any depth, including directory contents', () => {
    const re = compilePathPattern('build');
    expect(re.test('build')).toBe(true);
    expect(re.test('a/build/out.js')).toBe(true);
    expect(re.test('a/builder.js')).toBe(false);
  });
});

describe('scopeMatcher', () => {
  it('accepts paths under the declared directories only', () => {
    const inScope = scopeMatcher(['src/checkout/cart/', 'test/checkout/**']);
    expect(inScope('src/checkout/cart/total.ts')).toBe(true);
    expect(inScope('test/checkout/cart/total.spec.ts')).toBe(true);
    expect(inScope('src/payments/ledger.ts')).toBe(false);
  });
});

describe('ownerSquadResolver', () => {
  it('maps team slugs to squads and people (login or email) to their squads', () => {
    const resolve = ownerSquadResolver(
      ['payments-core', 'payments-ledger', 'docs'],
      [
        { key: 'ana', emails: ['ana@acme.test'], logins: { github: 'ana-gh' }, squads: ['payments-ledger'] },
        { key: 'bo', emails: null, logins: { github: 'db-admin' }, squads: ['platform', 'docs'] },
      ],
    );
    expect(resolve(['@acme/payments-core'])).toEqual(['payments-core']);
    expect(resolve(['@acme/unknown-team'])).toEqual([]);
    expect(resolve(['ana@acme.test'])).toEqual(['payments-ledger']);
    expect(resolve(['@db-admin', '@acme/payments-core'])).toEqual(['docs', 'payments-core', 'platform']);
  });
});
