import nodemailer from 'nodemailer';
import type { PulseConfig } from '../../config/config.js';
import type { Db } from '../../storage/database.js';
import { startPeriodicWork } from '../periodic-work.js';
import { sendDueEmails, type Mailer } from './outbox.service.js';

/** How often each server instance looks for due emails (a new email waits at most this long). */
export const OUTBOX_CHECK_INTERVAL_MS = 15_000;

/**
 * A mailer on the SMTP server of PULSE_SMTP_URL (nodemailer, decision 023). The timeouts stay well under the send
 * lease, so a hung server fails the try rather than letting another instance send the same email.
 */
export function createSmtpMailer(smtpUrl: string): Mailer & { close(): void } {
  const transport = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 });
  return {
    async send(message) {
      await transport.sendMail(message);
    },
    close: () => transport.close(),
  };
}

/**
 * Sends due emails now and then every OUTBOX_CHECK_INTERVAL_MS, until stopped; a failing look is logged and the next
 * one tries again. Started with the server only when PULSE_SMTP_URL is set.
 */
export function startOutboxSender(
  db: Db,
  mail: NonNullable<PulseConfig['mail']>,
  log: (message: string) => void,
  options: { mailer?: Mailer; now?: () => Date; intervalMs?: number } = {},
): { stop(): Promise<void> } {
  const mailer = options.mailer ?? createSmtpMailer(mail.smtpUrl);
  const now = options.now ?? (() => new Date());
  // A slow SMTP server is not joined by a second look from this instance (startPeriodicWork runs one at a time).
  const looks = startPeriodicWork(() => sendDueEmails(db, mailer, mail.from, now, log), options.intervalMs ?? OUTBOX_CHECK_INTERVAL_MS, (error) => log(`mail: sending the outbox failed: ${error.message}`));
  return {
    async stop() {
      await looks.stop();
      if ('close' in mailer && typeof mailer.close === 'function') mailer.close();
    },
  };
}
