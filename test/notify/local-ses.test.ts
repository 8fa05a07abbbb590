/**
 * The local SES keeps its mail in a file when given one: an email sent before a restart is read
 * back after it, with the message tags that name its outbox item; a line cut short by a kill is
 * skipped without losing the emails after it; clearing empties the file too.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SendEmailCommand } from '@aws-sdk/client-ses';
import { afterAll, describe, expect, it } from 'vitest';
import { createSesClient } from '../../functions/notify/sender.ts';
import { localSesClientConfig, type RunningLocalSes, startLocalSes } from '../../local/ses.ts';

const directory = mkdtempSync(path.join(tmpdir(), 'atbalsts-local-ses-'));
const mailFile = path.join(directory, 'ses', 'mail.jsonl');
const running: RunningLocalSes[] = [];
afterAll(async () => {
  await Promise.all(running.map((ses) => ses.stop()));
  rmSync(directory, { recursive: true, force: true });
});

async function started(file: string | undefined): Promise<RunningLocalSes> {
  const ses = await startLocalSes(file === undefined ? {} : { mailFile: file });
  running.push(ses);
  return ses;
}

async function send(ses: RunningLocalSes, subject: string): Promise<string> {
  const client = createSesClient(localSesClientConfig(ses.endpoint));
  try {
    const result = await client.send(
      new SendEmailCommand({
        Source: 'atbalsts@example.lv',
        Destination: { ToAddresses: ['ilze@example.lv'] },
        Tags: [{ Name: 'notificationId', Value: 'cmFua2luZw' }],
        Message: { Subject: { Data: subject }, Body: { Text: { Data: `Saite: ${subject}` } } },
      }),
    );
    return result.MessageId ?? '';
  } finally {
    client.destroy();
  }
}

describe('the local SES with a mail file', () => {
  it('shows after a restart on the same file every email sent before it, with its tags', async () => {
    const first = await started(mailFile);
    const sent = [await send(first, 'ranking link'), await send(first, 'consent link')];
    await first.stop();

    // A kill in the middle of an append leaves a line without its end.
    appendFileSync(mailFile, '{"messageId":"cut-sho');
    const second = await started(mailFile);
    const after = await send(second, 'after the restart');
    const emails = await second.emails();
    expect(emails.map((email) => email.messageId)).toEqual([...sent, after]);
    expect(emails.map((email) => email.subject)).toEqual([
      'ranking link',
      'consent link',
      'after the restart',
    ]);
    expect(emails[0]?.tags).toEqual([{ name: 'notificationId', value: 'cmFua2luZw' }]);
    expect(emails[0]?.body.text).toBe('Saite: ranking link');
    await second.stop();

    const third = await started(mailFile);
    expect((await third.emails()).map((email) => email.messageId)).toEqual([...sent, after]);
    await third.clear();
    expect(await third.emails()).toEqual([]);
    expect(readFileSync(mailFile, 'utf8')).toBe('');
    await third.stop();
    expect(await (await started(mailFile)).emails()).toEqual([]);
  });

  it('keeps nothing without a file', async () => {
    const ses = await started(undefined);
    await send(ses, 'in memory');
    await ses.stop();
    expect(await (await started(undefined)).emails()).toEqual([]);
  });
});
