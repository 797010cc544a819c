import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

@Injectable()
export class AuthSettingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The stored session secret; `candidate` is stored first when none exists (replicas agree on the first one). */
  async sessionSecret(candidate: string): Promise<string> {
    await this.dataSource.query(`INSERT INTO auth_settings (id, session_secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING`, [candidate]);
    const rows = (await this.dataSource.query(`SELECT session_secret AS secret FROM auth_settings WHERE id = 1`)) as { secret: string }[];
    return rows[0]!.secret;
  }
}
