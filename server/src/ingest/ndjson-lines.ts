import { StringDecoder } from 'node:string_decoder';
import { DomainError } from '../common/errors.js';

/** The longest NDJSON line accepted (import and CLI), in UTF-8 bytes. */
export const MAX_LINE_BYTES = 1024 * 1024;

export function tooLong(line: number): DomainError {
  return new DomainError('payload_too_large', `line ${line}: exceeds the ${MAX_LINE_BYTES} byte line limit`, { line, field: '(line)' });
}

/** A line's UTF-8 size is at most 3 bytes per UTF-16 unit: shorter lines need no byte count. */
const overLimit = (line: string): boolean => line.length * 3 > MAX_LINE_BYTES && Buffer.byteLength(line) > MAX_LINE_BYTES;

/**
 * The body's lines, a chunk's worth at a time (a promise per chunk, not per line: an import
 * is millions of lines). UTF-8 split across chunks is decoded whole; a line over the limit
 * (even one still arriving) stops the import with 413 naming it.
 */
export async function* lineBatches(body: AsyncIterable<Buffer | string>): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let lineNo = 0;
  for await (const chunk of body) {
    const lines = (carry + (typeof chunk === 'string' ? chunk : decoder.write(chunk))).split('\n');
    carry = lines.pop()!;
    for (const line of lines) {
      lineNo++;
      if (overLimit(line)) throw tooLong(lineNo);
    }
    if (overLimit(carry)) throw tooLong(lineNo + 1);
    if (lines.length) yield lines;
  }
  carry += decoder.end();
  if (carry !== '') {
    if (overLimit(carry)) throw tooLong(lineNo + 1);
    yield [carry];
  }
}
