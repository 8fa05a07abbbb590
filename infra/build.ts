/**
 * The app's two stacks, as the CDK entry (infra/app.ts) and the tests build them: the settings
 * from context, checked; the stateful stack, then the stateless stack that imports it; cdk-nag's
 * AWS Solutions and HIPAA Security packs over both.
 *
 * @example
 * const { stateful, stateless } = buildApp(new App({ context }));
 */
import type { App, Environment } from 'aws-cdk-lib';
import type { IsoDate } from '../functions/domain/calendar.ts';
import { settingsFromContext } from './config.ts';
import { acknowledgeFindings, addNagPacks } from './nag.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

export interface BuildOptions {
  /** The date whose workflow policy sets the schedules; the synth date by default. */
  policyDate?: IsoDate;
}

/**
 * Both stacks on `app`, named `atbalsts-<stage>-stateful` and `atbalsts-<stage>-stateless`.
 *
 * @example
 * const app = new App({ context: { stage: 'test', ... } });
 * const { stateless } = buildApp(app);
 */
export function buildApp(
  app: App,
  options: BuildOptions = {},
): { stateful: StatefulStack; stateless: StatelessStack } {
  const settings = settingsFromContext((key) => app.node.tryGetContext(key));
  const env: Environment | undefined =
    settings.account !== undefined && settings.region !== undefined
      ? { account: settings.account, region: settings.region }
      : undefined;
  const tags = { project: 'atbalsts', stage: settings.stage };
  const stateful = new StatefulStack(app, `${settings.prefix}-stateful`, {
    settings,
    ...(env && { env }),
    description: 'Atbalsts: the table, its key and backups, the link secret, the staff user pool (retained)',
    terminationProtection: true,
    tags,
  });
  const stateless = new StatelessStack(app, `${settings.prefix}-stateless`, {
    settings,
    stateful,
    ...(env && { env }),
    ...(options.policyDate !== undefined && { policyDate: options.policyDate }),
    description: 'Atbalsts: functions, state machines, schedules, API, email, alarms (replaceable)',
    tags,
  });
  addNagPacks(app);
  acknowledgeFindings({ stateful, stateless });
  return { stateful, stateless };
}
