/** Log paths carrying credentials (added to REDACT_PATHS in app.module.ts): at the top level of a log object and one level down. */
const SECRET_KEYS = ['password', 'passwordHash', 'token', 'secret', 'csrfToken', 'sessionSecret', 'authorization', 'cookie'];

export const AUTH_REDACT_PATHS = [
  'req.headers["x-csrf-token"]',
  ...SECRET_KEYS,
  ...SECRET_KEYS.filter((k) => !['password', 'token', 'secret'].includes(k)).map((k) => `*.${k}`), // *.password, *.token, *.secret are there already
];

const API_TOKEN = /brg_[A-Za-z0-9_-]{6,}/g;

/** Replaces API token secrets (`brg_…`) in a log message: a token pasted into an error never reaches the logs. */
export function scrubSecrets(text: string): string {
  return text.includes('brg_') ? text.replace(API_TOKEN, 'brg_[redacted]') : text;
}

function scrub(value: unknown): unknown {
  if (typeof value === 'string') return scrubSecrets(value);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    // plain objects: their string fields, one level deep (errors and class instances pass as they are)
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.some(([, v]) => typeof v === 'string' && v.includes('brg_'))) {
      return Object.fromEntries(entries.map(([k, v]) => [k, typeof v === 'string' ? scrubSecrets(v) : v]));
    }
  }
  return value;
}

/** pino `hooks.logMethod`: scrubs API token secrets from the message, its interpolations and plain-object fields. */
export function scrubLogArguments(this: unknown, args: unknown[], method: (...a: unknown[]) => void): void {
  method.apply(this, args.map(scrub));
}
