/**
 * The settings of one deployment, read from CDK context (`cdk.json` has safe example values;
 * `-c key=value` overrides any of them) and checked with zod when the app starts, so a bad
 * setting stops `cdk synth` with the field's name instead of deploying something half-configured.
 * Object settings (organisations, supervisors) may be given on the command line as JSON text.
 *
 * @example
 * const settings = settingsFromContext((key) => app.node.tryGetContext(key));
 * settings.prefix // 'atbalsts-dev'
 */
import { z } from 'zod';
import { idSchema } from '../functions/store/keys.ts';

const LANGUAGES = ['lv', 'ru', 'en'] as const;

/** Context values from `-c` are strings; objects in cdk.json are objects. Accept both. */
const jsonText = <S extends z.ZodType>(schema: S) =>
  z.preprocess((value) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }, schema);

const supervisorSchema = z.strictObject({
  email: z.email(),
  language: z.enum(LANGUAGES),
  name: z.string().min(1).max(200).optional(),
});

export const settingsSchema = z
  .strictObject({
    /** Names the deployment: stacks, functions and state machines are `atbalsts-<stage>-...`. */
    stage: z
      .string()
      .regex(
        /^[a-z][a-z0-9-]{0,15}$/,
        'must be 1-16 lower-case letters, digits or dashes, starting with a letter',
      ),
    /** Pins the stacks to one account and region; both absent: environment-agnostic (synth offline). */
    account: z
      .string()
      .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
      .optional(),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-north-1')
      .optional(),
    /** Where staff and parents open the app; links in emails start here. */
    appUrl: z.url({ protocol: /^https$/ }),
    /**
     * The managed login's Cognito domain prefix (`<prefix>.auth.<region>.amazoncognito.com`), unique
     * in the region; `atbalsts-<stage>` when absent.
     */
    signInDomainPrefix: z
      .string()
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be lower-case letters, digits and dashes')
      .refine((text) => !/aws|amazon|cognito/.test(text), 'may not contain aws, amazon or cognito')
      .optional(),
    /** The address emails come from; its domain (or the address itself) must be verified in SES. */
    senderAddress: z.email(),
    /** The display name beside the sender address. */
    senderName: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[^<>"\r\n]+$/, 'must not contain <, >, quotes or line breaks')
      .default('Atbalsts'),
    /** Verify the whole domain (DKIM) instead of the one address; must be the address's domain. */
    senderDomain: z
      .string()
      .regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, 'must be a domain name such as pasvaldiba.lv')
      .optional(),
    /** Who receives the alarms (failed executions, dead letters, failed emails). */
    alarmEmail: z.email(),
    /** Each municipality's social service as its clients know it, by municipality id. */
    organisations: jsonText(z.record(idSchema, z.string().min(1).max(200))),
    /** Each municipality's supervisors (alerted on escalations), by municipality id and supervisor id. */
    supervisors: jsonText(z.record(idSchema, z.record(idSchema, supervisorSchema))),
  })
  .superRefine((settings, context) => {
    if (settings.senderDomain && !settings.senderAddress.endsWith(`@${settings.senderDomain}`)) {
      context.addIssue({
        code: 'custom',
        path: ['senderDomain'],
        message: 'must be the domain of senderAddress',
      });
    }
    if ((settings.account === undefined) !== (settings.region === undefined)) {
      context.addIssue({
        code: 'custom',
        path: [settings.account === undefined ? 'account' : 'region'],
        message: 'account and region are given together or not at all',
      });
    }
    for (const municipality of Object.keys(settings.supervisors)) {
      if (!(municipality in settings.organisations)) {
        context.addIssue({
          code: 'custom',
          path: ['supervisors', municipality],
          message: 'names a municipality that has no entry in organisations',
        });
      }
    }
  });

export type Settings = z.output<typeof settingsSchema> & {
  /** `atbalsts-<stage>`: the prefix of every named resource. */
  prefix: string;
};

/** The context keys read, so a key misspelt in cdk.json is not silently ignored. */
export const SETTING_KEYS = Object.keys(settingsSchema.shape) as (keyof typeof settingsSchema.shape)[];

/** A setting that is missing or malformed; the message names every bad field. */
export class SettingsError extends Error {
  constructor(readonly fields: readonly { path: string; message: string }[]) {
    super(
      `Invalid CDK context (cdk.json or -c key=value):\n${fields.map((f) => `  ${f.path}: ${f.message}`).join('\n')}`,
    );
    this.name = 'SettingsError';
  }
}

/**
 * Read and check the settings from context. Throws {@link SettingsError} naming every bad field.
 *
 * @example
 * settingsFromContext((key) => ({ stage: 'prod' })[key]); // SettingsError: appUrl: Invalid input ...
 */
export function settingsFromContext(read: (key: string) => unknown): Settings {
  const raw = Object.fromEntries(
    SETTING_KEYS.map((key) => [key, read(key)]).filter(([, value]) => value !== undefined),
  );
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new SettingsError(
      parsed.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.') || '(settings)',
        message: issue.message,
      })),
    );
  }
  return { ...parsed.data, prefix: `atbalsts-${parsed.data.stage}` };
}
