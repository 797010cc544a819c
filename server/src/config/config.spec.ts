import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('applies the documented defaults: embedded database, demo on, port 3000, UTC', () => {
    const c = loadConfig({}, '/srv/bearing');
    expect(c).toMatchObject({ port: 3000, databaseUrl: null, demo: true, timeZone: 'UTC', dataDir: '/srv/bearing/.bearing' });
  });

  it('turns the demo off by default when DATABASE_URL is given, and on when asked', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db/bearing' }).demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db/bearing', BEARING_DEMO: 'true' }).demo).toBe(true);
  });

  it('reports every wrong variable at once, by name', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', BEARING_TIME_ZONE: 'Mars/Olympus', BEARING_DEMO: 'maybe' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const vars = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(vars).toEqual(['BEARING_DEMO', 'BEARING_TIME_ZONE', 'DATABASE_URL', 'PORT']);
    expect((error as ConfigError).message).toMatch(/PORT: must be a number/);
  });

  it('requires the first-admin email and password together', () => {
    expect(() => loadConfig({ BEARING_ADMIN_EMAIL: 'admin@example.com' })).toThrow(/BEARING_ADMIN_PASSWORD/);
  });

  it('treats empty strings as unset (docker-compose style)', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).databaseUrl).toBeNull();
  });

  it('schedules monthly reviews at 06:00 on the 1st by default, in PostgreSQL; a bad cron is named', () => {
    expect(loadConfig({}, '/srv/bearing').reports).toEqual({ cron: '0 6 1 * *', dir: null });
    expect(loadConfig({ BEARING_REPORTS_CRON: 'off', BEARING_REPORTS_DIR: 'reviews' }, '/srv/bearing').reports).toEqual({ cron: null, dir: '/srv/bearing/reviews' });
    expect(() => loadConfig({ BEARING_REPORTS_CRON: 'every month' })).toThrow(/BEARING_REPORTS_CRON: must be a cron expression/);
  });
});
