/**
 * The app as `cdk synth` builds it, for the infra tests: cdk.json's context (feature flags and
 * the example settings) with overrides, bundling skipped (fast; CI bundles once with `npm run
 * synth`), the schedules from the policy in force on a fixed date, cdk-nag's packs included.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll } from 'vitest';
import { buildApp } from '../../infra/build.ts';
import type { StatefulStack } from '../../infra/stateful-stack.ts';
import type { StatelessStack } from '../../infra/stateless-stack.ts';

export const CDK_CONTEXT: Record<string, unknown> = JSON.parse(
  readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'),
).context;

/** The date whose workflow policy the schedules are read from. */
export const POLICY_DATE = '2026-11-23';

export interface SynthesizedApp {
  stateful: StatefulStack;
  stateless: StatelessStack;
  statefulTemplate: Template;
  statelessTemplate: Template;
  /** The cloud assembly's validation report (cdk-nag's findings, open and acknowledged). */
  report: ValidationReport;
}

export interface ValidationReport {
  pluginReports: {
    pluginName: string;
    conclusion: string;
    violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
    suppressedViolations?: {
      ruleName: string;
      reason: string;
      acknowledgedId: string;
      violatingConstructs: { constructPath: string }[];
    }[];
  }[];
}

const outdirs: string[] = [];
afterAll(() => {
  for (const outdir of outdirs.splice(0)) rmSync(outdir, { recursive: true, force: true });
});

/** A cloud assembly directory of its own, removed when the test file ends. */
export function temporaryOutdir(): string {
  const outdir = mkdtempSync(path.join(tmpdir(), 'atbalsts-cdk-'));
  outdirs.push(outdir);
  return outdir;
}

/**
 * Synthesize both stacks; throws (with cdk-nag's report) if any finding is not acknowledged.
 *
 * @example
 * const { statelessTemplate } = synthesize({ stage: 'test' });
 */
export function synthesize(context: Record<string, unknown> = {}): SynthesizedApp {
  const outdir = temporaryOutdir();
  const app = new App({
    outdir,
    context: { ...CDK_CONTEXT, 'aws:cdk:bundling-stacks': [], ...context },
  });
  const { stateful, stateless } = buildApp(app, { policyDate: POLICY_DATE });
  const assembly = app.synth();
  return {
    stateful,
    stateless,
    statefulTemplate: Template.fromJSON(assembly.getStackByName(stateful.stackName).template),
    statelessTemplate: Template.fromJSON(assembly.getStackByName(stateless.stackName).template),
    report: JSON.parse(readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8')),
  };
}

let cached: SynthesizedApp | undefined;

/** The app with cdk.json's settings, synthesized once per test file. */
export function synthesized(): SynthesizedApp {
  cached ??= synthesize();
  return cached;
}

type Resources = Record<
  string,
  {
    Type: string;
    Properties?: Record<string, unknown>;
    DeletionPolicy?: string;
    UpdateReplacePolicy?: string;
  }
>;

/** The resources of a type, by logical id. */
export function resourcesOf(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/** Every IAM statement of the policies attached to a role (by the role's logical id). */
export function statementsOfRole(template: Template, roleLogicalId: string): Record<string, unknown>[] {
  const statements: Record<string, unknown>[] = [];
  for (const policy of Object.values(resourcesOf(template, 'AWS::IAM::Policy'))) {
    const roles = (policy.Properties?.['Roles'] ?? []) as { Ref?: string }[];
    if (!roles.some((role) => role.Ref === roleLogicalId)) continue;
    const document = policy.Properties?.['PolicyDocument'] as { Statement: Record<string, unknown>[] };
    statements.push(...document.Statement);
  }
  return statements;
}

/** A statement's actions as a list. */
export const actionsOf = (statement: Record<string, unknown>): string[] =>
  [statement['Action']].flat() as string[];

/**
 * A resource's property, which the test expects to be there (a missing one fails the test by name).
 *
 * @example
 * const role = propertyOf<{ 'Fn::GetAtt': [string] }>(fn, 'Role');
 */
export function propertyOf<T>(
  resource: { Properties?: Record<string, unknown> } | undefined,
  name: string,
): T {
  const value = resource?.Properties?.[name];
  if (value === undefined) throw new Error(`the resource has no ${name}`);
  return value as T;
}
