import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ReportsRepository } from './reports.repository.js';

/**
 * Where review files live: in PostgreSQL (bytea columns of `reports`, the default) or, with
 * BEARING_REPORTS_DIR, as `<dir>/<id>.pdf` and `<id>.csv` (written to a temporary name, then
 * renamed, so a reader never sees half a file).
 */
@Injectable()
export class ReportsStorage {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: ReportsRepository,
  ) {}

  get kind(): 'db' | 'dir' {
    return this.config.reports.dir ? 'dir' : 'db';
  }

  /** Writes the files for `dir` storage (the repository keeps the bytes itself for `db`). */
  async write(id: string, files: { pdf: Buffer; csv: Buffer }): Promise<void> {
    const dir = this.config.reports.dir;
    if (!dir) return;
    await mkdir(dir, { recursive: true });
    for (const [ext, body] of Object.entries(files)) {
      const tmp = join(dir, `.${id}.${ext}.tmp`);
      await writeFile(tmp, body);
      await rename(tmp, join(dir, `${id}.${ext}`));
    }
  }

  async read(id: string, storage: 'db' | 'dir', kind: 'pdf' | 'csv'): Promise<Buffer | null> {
    if (storage === 'db') return this.repository.content(id, kind);
    if (!this.config.reports.dir) return null;
    try {
      return await readFile(join(this.config.reports.dir, `${id}.${kind}`));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }
}
