import { execFile } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** `pdftoppm` (poppler-utils) on PATH, or null. */
export function findPdftoppm(): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'pdftoppm');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

export interface RenderedPage {
  /** the PNG written at `pngPath` */
  png: { path: string; bytes: number; width: number; height: number; signatureOk: boolean };
  /** the same page in grey levels (PGM): how much of it is ink */
  gray: { width: number; height: number; darkPixels: number };
}

/** Width and height from a PNG's IHDR chunk (the first chunk, right after the 8-byte signature). */
export function pngSize(png: Buffer): { signatureOk: boolean; width: number; height: number } {
  const signatureOk = png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const ihdr = png.subarray(12, 16).toString('latin1') === 'IHDR';
  return { signatureOk: signatureOk && ihdr, width: ihdr ? png.readUInt32BE(16) : 0, height: ihdr ? png.readUInt32BE(20) : 0 };
}

/** Pixels of a binary PGM (P5, 8-bit) darker than `threshold` (0 = black, 255 = white). */
export function pgmDarkPixels(pgm: Buffer, threshold = 128): { width: number; height: number; darkPixels: number } {
  // header: "P5" width height maxval, separated by whitespace (and # comments), then one byte per pixel
  const fields: string[] = [];
  let i = 0;
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(pgm[i]!))) i++;
    if (pgm[i] === 0x23) {
      while (pgm[i] !== 0x0a) i++;
      continue;
    }
    const start = i;
    while (!/\s/.test(String.fromCharCode(pgm[i]!))) i++;
    fields.push(pgm.subarray(start, i).toString('latin1'));
  }
  i++; // the single whitespace after maxval
  const [magic, w, h, max] = fields;
  if (magic !== 'P5' || Number(max) > 255) throw new Error(`not an 8-bit binary PGM: ${fields.join(' ')}`);
  const width = Number(w);
  const height = Number(h);
  const pixels = pgm.subarray(i, i + width * height);
  if (pixels.length !== width * height) throw new Error(`PGM truncated: ${pixels.length} of ${width * height} pixels`);
  let darkPixels = 0;
  for (const p of pixels) if (p < threshold) darkPixels++;
  return { width, height, darkPixels };
}

/**
 * Renders page 1 of a PDF with pdftoppm (argument arrays, no shell): a PNG kept at `pngPath`
 * (the artefact), and a grey-level PGM, parsed here, to count the dark pixels.
 */
export async function renderFirstPage(pdftoppm: string, pdf: Buffer, pngPath: string, dpi = 60): Promise<RenderedPage> {
  const tmp = mkdtempSync(join(tmpdir(), 'bearing-pdf-'));
  try {
    const input = join(tmp, 'review.pdf');
    writeFileSync(input, pdf);
    const page = ['-r', String(dpi), '-f', '1', '-l', '1', '-singlefile'];
    mkdirSync(dirname(pngPath), { recursive: true });
    // pdftoppm appends the extension to the output root
    await run(pdftoppm, ['-png', ...page, input, pngPath.replace(/\.png$/, '')]);
    await run(pdftoppm, ['-gray', ...page, input, join(tmp, 'page')]);
    const png = readFileSync(pngPath);
    return {
      png: { path: pngPath, bytes: statSync(pngPath).size, ...pngSize(png) },
      gray: pgmDarkPixels(readFileSync(join(tmp, 'page.pgm'))),
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
