import { describe, expect, it } from 'vitest';
import { SettingsError, settingsFromContext } from '../../infra/config.ts';
import { CDK_CONTEXT } from './synth.ts';

const read = (context: Record<string, unknown>) => (key: string) => context[key];

function refusal(context: Record<string, unknown>): SettingsError {
  try {
    settingsFromContext(read(context));
  } catch (error) {
    if (error instanceof SettingsError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('settings from CDK context', () => {
  it("accepts cdk.json's example values and derives the prefix", () => {
    const settings = settingsFromContext(read(CDK_CONTEXT));
    expect(settings.prefix).toBe('atbalsts-dev');
    expect(settings.senderName).toBe('Atbalsts');
    expect(settings.supervisors['riga']?.['s-riga-1']?.language).toBe('lv');
  });

  it('takes objects given on the command line as JSON text', () => {
    const settings = settingsFromContext(
      read({
        ...CDK_CONTEXT,
        organisations: '{"talsi":"Talsu novada Sociālais dienests"}',
        supervisors: '{}',
      }),
    );
    expect(settings.organisations).toEqual({ talsi: 'Talsu novada Sociālais dienests' });
  });

  it('names every missing or malformed field at once', () => {
    const error = refusal({
      ...CDK_CONTEXT,
      stage: 'Prod!',
      appUrl: 'http://atbalsts.example.lv',
      senderAddress: 'not an address',
      alarmEmail: undefined,
    });
    expect(error.fields.map((field) => field.path).sort()).toEqual([
      'alarmEmail',
      'appUrl',
      'senderAddress',
      'stage',
    ]);
    expect(error.message).toContain('Invalid CDK context');
  });

  it('refuses a sender domain that is not the address’s, an account without a region, supervisors of an unknown municipality', () => {
    const error = refusal({
      ...CDK_CONTEXT,
      senderDomain: 'other.lv',
      account: '123456789012',
      supervisors: { ventspils: { 's-1': { email: 'v@example.lv', language: 'lv' } } },
    });
    expect(error.fields.map((field) => field.path).sort()).toEqual([
      'region',
      'senderDomain',
      'supervisors.ventspils',
    ]);
  });

  it('refuses a supervisor language the emails do not have', () => {
    const error = refusal({
      ...CDK_CONTEXT,
      supervisors: { riga: { 's-1': { email: 'v@example.lv', language: 'de' } } },
    });
    expect(error.fields.map((field) => field.path)).toEqual(['supervisors.riga.s-1.language']);
  });
});
