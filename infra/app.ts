/**
 * The CDK app's entry, named in cdk.json (`npx tsx infra/app.ts`); docs/deploy.md says how to
 * deploy it. Settings come from context (cdk.json, `-c key=value`) and are checked first.
 *
 * @example
 * // npx cdk synth --no-notices -c stage=prod -c appUrl=https://atbalsts.pasvaldiba.lv
 */
import { App } from 'aws-cdk-lib';
import { buildApp } from './build.ts';

const app = new App();
buildApp(app);
app.synth();
