import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_EMAIL_ATTEMPTS } from '../../domain/mail/outbox-emails.js';
import { createTestApp, signUpClient } from '../../../test/support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { createSmtpMailer, startOutboxSender } from './outbox-sender.js';
import { queueEmail, sendDueEmails } from './outbox.service.js';

/** What the in-process SMTP server took: one entry per accepted message, with its envelope recipients. */
interface Received {
  to: string[];
  raw: string;
}

const REFUSED = 'nobody@refused.test';
const FROM = 'Pulse <pulse@example.test>';
const t0 = new Date('2026-11-02T09:00:00Z');
const minutesAfter = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

let database: TestDatabase;
let orgId: string;
let smtp: SMTPServer;
let smtpUrl: string;
let received: Received[];
let refusedTries: number;
const logs: string[] = [];
const log = (message: string) => logs.push(message);

beforeAll(async () => {
  database = await createTestDatabase();
  orgId = (await signUpClient(createTestApp(database.db).app)).orgId;
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address === REFUSED) {
        refusedTries += 1;
        callback(Object.assign(new Error('No such mailbox here'), { responseCode: 550 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  // A free port on loopback, chosen by the system.
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await database.drop();
});
beforeEach(async () => {
  received = [];
  refusedTries = 0;
  // Each test starts from an empty outbox: the sender takes every due email of the database.
  await database.db.deleteFrom('outbox_emails').execute();
});

const queue = (recipient: string, subject: string) => queueEmail(database.db, { orgId, kind: 'feedback_reminder', recipient, content: { subject, text: `Body for ${recipient}` }, now: t0 });
const rowsTo = (recipient: string) => database.db.selectFrom('outbox_emails').selectAll().where('recipient', '=', recipient).execute();

describe('the outbox sender, on a real SMTP server', () => {
  it('delivers a due email to its recipient with its subject, and marks it sent without keeping its body', async () => {
    await queue('ivy@example.test', 'Your interview feedback is late (Engineer, Acme)');
    const mailer = createSmtpMailer(smtpUrl);
    const outcomes = await sendDueEmails(database.db, mailer, FROM, () => t0, log);
    mailer.close();
    expect(outcomes.map((outcome) => outcome.isSent)).toEqual([true]);
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual(['ivy@example.test']);
    expect(received[0]!.raw).toContain('Subject: Your interview feedback is late (Engineer, Acme)');
    expect(received[0]!.raw).toContain('From: Pulse <pulse@example.test>');
    expect(received[0]!.raw).toContain('Body for ivy@example.test');
    const [row] = await rowsTo('ivy@example.test');
    expect(row).toMatchObject({ attempts: 1, next_attempt_at: null, text_body: null, last_error: null });
    expect(new Date(row!.sent_at!).toISOString()).toBe(t0.toISOString());
  });

  it('retries a refused recipient later, waiting longer each time, and gives it up after the last try', async () => {
    await queue(REFUSED, 'Invitation');
    const mailer = createSmtpMailer(smtpUrl);
    let at = t0;
    for (let attempt = 1; attempt <= MAX_EMAIL_ATTEMPTS; attempt++) {
      const outcomes = await sendDueEmails(database.db, mailer, FROM, () => at, log);
      expect(outcomes.map((outcome) => outcome.isSent)).toEqual([false]);
      const [row] = await rowsTo(REFUSED);
      expect(row!.attempts).toBe(attempt);
      expect(row!.last_error).toContain('550');
      if (attempt < MAX_EMAIL_ATTEMPTS) {
        // Not due again yet: a look a moment later sends nothing.
        expect(await sendDueEmails(database.db, mailer, FROM, () => new Date(at.getTime() + 1_000), log)).toEqual([]);
        at = new Date(row!.next_attempt_at!);
      } else {
        expect(row).toMatchObject({ next_attempt_at: null, sent_at: null, text_body: null });
      }
    }
    // Given up: nothing is due, however late.
    expect(await sendDueEmails(database.db, mailer, FROM, () => minutesAfter(60 * 24 * 30), log)).toEqual([]);
    mailer.close();
    expect(refusedTries).toBe(MAX_EMAIL_ATTEMPTS);
    expect(received).toEqual([]);
    expect(logs.some((line) => line.includes('given up'))).toBe(true);
  });

  it('never sends one email twice when two senders look at once', async () => {
    const recipients = Array.from({ length: 12 }, (_, index) => `person-${index}@example.test`);
    for (const recipient of recipients) await queue(recipient, `Hello ${recipient}`);
    const [first, second] = [createSmtpMailer(smtpUrl), createSmtpMailer(smtpUrl)];
    const [a, b] = await Promise.all([sendDueEmails(database.db, first, FROM, () => t0, log), sendDueEmails(database.db, second, FROM, () => t0, log)]);
    first.close();
    second.close();
    expect(a.length + b.length).toBe(recipients.length);
    expect(new Set([...a, ...b].map((outcome) => outcome.id)).size).toBe(recipients.length);
    expect(received.flatMap((message) => message.to).sort()).toEqual([...recipients].sort());
  });

  it('keeps an email another sender is sending from a second sender looking meanwhile', async () => {
    await queue('once@example.test', 'Once');
    const smtpMailer = createSmtpMailer(smtpUrl);
    const secondSender = createSmtpMailer(smtpUrl);
    let secondLook: unknown[] | null = null;
    // While the first sender is busy with the email, another instance looks at the same moment.
    const firstSender = {
      async send(message: Parameters<typeof smtpMailer.send>[0]) {
        secondLook = await sendDueEmails(database.db, secondSender, FROM, () => t0, log);
        await smtpMailer.send(message);
      },
    };
    expect((await sendDueEmails(database.db, firstSender, FROM, () => t0, log)).map((outcome) => outcome.isSent)).toEqual([true]);
    smtpMailer.close();
    secondSender.close();
    expect(secondLook).toEqual([]);
    expect(received.map((message) => message.to)).toEqual([['once@example.test']]);
  });

  it('skips an email another instance holds locked, rather than wait for it or take it', async () => {
    await queue('held@example.test', 'Held');
    await queue('free@example.test', 'Free');
    const mailer = createSmtpMailer(smtpUrl);
    await database.db.transaction().execute(async (trx) => {
      await trx.selectFrom('outbox_emails').select('id').where('recipient', '=', 'held@example.test').forUpdate().execute();
      expect(await sendDueEmails(database.db, mailer, FROM, () => t0, log)).toHaveLength(1);
    });
    mailer.close();
    expect(received.map((message) => message.to)).toEqual([['free@example.test']]);
  });

  it('is started with the server, sends what is due at once, and stops after its look', async () => {
    await queue('started@example.test', 'Started');
    const sender = startOutboxSender(database.db, { smtpUrl, from: FROM }, log, { now: () => t0 });
    await sender.stop();
    expect(received.map((message) => message.to)).toEqual([['started@example.test']]);
    expect((await rowsTo('started@example.test'))[0]!.sent_at).not.toBeNull();
  });
});
