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
  describe('email (PULSE_SMTP_URL, PULSE_MAIL_FROM)', () => {
    const problemsOf = (env: Record<string, string>): string => {
      try {
        readConfig(env, '/');
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        return (error as AppError).message;
      }
      return '';
    };

    it('sends no email when PULSE_SMTP_URL is unset', () => {
      expect(readConfig({ PULSE_MAIL_FROM: 'pulse@example.com' }, '/').mail).toBeNull();
    });

    it('takes an smtp:// or smtps:// URL, with a login, and the From address', () => {
      expect(readConfig({ PULSE_SMTP_URL: 'smtps://bot:s3cret@mail.example.com:465', PULSE_MAIL_FROM: 'Pulse <pulse@example.com>' }, '/').mail).toEqual({ smtpUrl: 'smtps://bot:s3cret@mail.example.com:465', from: 'Pulse <pulse@example.com>' });
      expect(readConfig({ PULSE_SMTP_URL: 'smtp://127.0.0.1:2525', PULSE_MAIL_FROM: 'pulse@example.com' }, '/').mail?.from).toBe('pulse@example.com');
    });

    it('names a URL that is not SMTP, without repeating its password', () => {
      const message = problemsOf({ PULSE_SMTP_URL: 'https://bot:s3cret@mail.example.com', PULSE_MAIL_FROM: 'pulse@example.com' });
      expect(message).toContain('PULSE_SMTP_URL must be smtp://host:port or smtps://host:port');
      expect(message).toContain('https://bot:***@mail.example.com');
      expect(message).not.toContain('s3cret');
      expect(problemsOf({ PULSE_SMTP_URL: 'mail.example.com', PULSE_MAIL_FROM: 'pulse@example.com' })).toContain('PULSE_SMTP_URL');
    });

    it('needs a From address with PULSE_SMTP_URL, and names one that is not an address', () => {
      expect(problemsOf({ PULSE_SMTP_URL: 'smtp://mail.example.com' })).toContain('PULSE_MAIL_FROM must be set when PULSE_SMTP_URL is');
      expect(problemsOf({ PULSE_SMTP_URL: 'smtp://mail.example.com', PULSE_MAIL_FROM: 'Pulse' })).toContain('PULSE_MAIL_FROM must be an email address');
    });
  });
});
