import { readConfig, type PulseConfig } from '../../src/config/config.js';

/** The configuration every test app runs with: a cheap password hash (tests sign in often) and a low sign-in limit. */
export function testConfig(overrides: Record<string, string> = {}): PulseConfig {
  return readConfig({ DATABASE_URL: 'postgres://unused', PULSE_SCRYPT_LOG2N: '10', PULSE_LOGIN_ATTEMPTS: '5', ...overrides }, process.cwd());
}
