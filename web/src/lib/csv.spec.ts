import { describe, expect, it } from '@jest/globals';
import { fileSlug, toCsv } from './csv';

describe('toCsv', () => {
  it('quotes, escapes and guards against spreadsheet formulas', () => {
    const rows = [
      { name: 'Payments, EU', count: 3, note: 'says "hi"' },
      { name: '=HYPERLINK("x")', count: null, note: 'line\nbreak' },
    ];
    const csv = toCsv(
      [
        { header: 'name', value: (r: (typeof rows)[number]) => r.name },
        { header: 'count', value: (r: (typeof rows)[number]) => r.count },
        { header: 'note', value: (r: (typeof rows)[number]) => r.note },
      ],
      rows,
    );
    expect(csv).toBe(
      'name,count,note\r\n' +
        '"Payments, EU",3,"says ""hi"""\r\n' +
        `"'=HYPERLINK(""x"")",,"line\nbreak"\r\n`,
    );
  });

  it('keeps negative numbers as numbers', () => {
    expect(toCsv([{ header: 'n', value: (r: number) => r }], [-2])).toBe('n\r\n-2\r\n');
  });
});

describe('fileSlug', () => {
  it('makes scope strings safe for file names', () => {
    expect(fileSlug('squad:Payments EU')).toBe('squad-payments-eu');
  });
});
