import { describe, expect, it } from 'vitest';
import { AppError } from '../domain/errors.js';
import { readConfig } from './config.js';

describe('readConfig', () => {
  it('defaults to the embedded database in .pulse/data and port 3000', () => {
    const config = readConfig({}, '/srv/pulse');
    expect(config.database).toEqual({ kind: 'embedded', dataDir: '/srv/pulse/.pulse/data', port: undefined });
    expect(config.http.port).toBe(3000);
    expect(config.security.isCookieSecure).toBe(false);
  });

  it('uses the PostgreSQL server when DATABASE_URL is set', () => {
    expect(readConfig({ DATABASE_URL: 'postgres://u@db:5432/pulse' }, '/').database).toEqual({ kind: 'server', url: 'postgres://u@db:5432/pulse' });
  });

  it('turns on secure cookies for an https public URL', () => {
    expect(readConfig({ PULSE_PUBLIC_URL: 'https://pulse.example.com' }, '/').security.isCookieSecure).toBe(true);
  });

  it('lists every problem at once', () => {
    try {
      readConfig({ PULSE_PORT: 'eighty', DATABASE_URL: 'mysql://x', PULSE_LOG_LEVEL: 'loud' }, '/');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      const message = (error as AppError).message;
      expect(message).toContain('PULSE_PORT');
      expect(message).toContain('DATABASE_URL');
      expect(message).toContain('PULSE_LOG_LEVEL');
    }
  });
});
