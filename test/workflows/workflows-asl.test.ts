/**
 * Both state machines as synthesized: the local runtime executes exactly the template's ASL; the
 * review cycle's definition keeps the rules the workflow promises (retries, the final catch, waits
 * read from the state, ids only in the state, continue-as-new of the cycle machine only).
 */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../functions/store/store.ts';
import { VirtualClock } from '../../local/stepfunctions/virtual-clock.ts';
import { startLocalWorkflows, synthesizeWorkflows } from '../../local/workflows.ts';
import { TRANSIENT_LAMBDA_ERRORS } from '../../workflows/states.ts';
import { definitionParts } from '../../workflows/synthesized.ts';
import { expectExecutedAsSynthesized } from '../support/asl.ts';

interface AslState {
  Type: string;
  Resource?: string;
  Parameters?: Record<string, unknown>;
  Retry?: { ErrorEquals: string[]; JitterStrategy?: string; BackoffRate?: number; MaxAttempts?: number }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  TimeoutSecondsPath?: string;
  TimeoutSeconds?: number;
  Choices?: unknown[];
}

const { template, cycleName, runName } = synthesizeWorkflows();
const workflows = startLocalWorkflows({
  // Nothing runs here: the store is never reached.
  store: {} as Store,
  clock: new VirtualClock('2024-01-01T00:00:00Z'),
  config: { appUrl: 'https://atbalsts.example.lv', linkSecret: 'x'.repeat(32), supervisors: {} },
});
const executed = workflows.sfn.definitionOf(cycleName);
const definition = JSON.parse(executed) as {
  StartAt: string;
  QueryLanguage: string;
  States: Record<string, AslState>;
};
const states = Object.entries(definition.States);
const lambdaTasks = states.filter(
  ([, state]) => state.Type === 'Task' && /lambda/.test(state.Resource ?? ''),
);

/** Every `.$` path a task hands over, to check the state carries ids, counts and dates only. */
function pathsIn(value: unknown, found: string[] = []): string[] {
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.endsWith('.$') && typeof item === 'string') found.push(item);
      else pathsIn(item, found);
    }
  }
  return found;
}

describe('review cycle ASL', () => {
  it('is byte for byte the DefinitionString of the synthesized template, Lambda ARNs and pseudo parameters aside', () => {
    expectExecutedAsSynthesized(executed, definitionParts(template, cycleName));
    expect(definition.QueryLanguage).toBe('JSONPath');
  });

  it('starts with a choice on an optional resumeFrom, which names every resumable phase', () => {
    expect(definition.StartAt).toBe('StartOrResume');
    expect(JSON.stringify(definition.States['StartOrResume']?.Choices)).toContain('"IsPresent":true');
    const resumeAt = JSON.stringify(definition.States['ResumeAt']?.Choices);
    for (const phase of [
      'request-assessment',
      'draft-plan',
      'await-approval',
      'active',
      'review-due',
      'close-cycle',
    ]) {
      expect(resumeAt).toContain(`"StringEquals":"${phase}"`);
    }
  });

  it('retries AWS’s transient Lambda errors on every Lambda task with backoff and full jitter, and catches the rest into RecordFailure', () => {
    expect(lambdaTasks.length).toBeGreaterThanOrEqual(14);
    for (const [name, state] of lambdaTasks.filter(([name]) => name !== 'RecordFailure')) {
      const [retry] = state.Retry ?? [];
      expect(retry?.ErrorEquals, name).toEqual(TRANSIENT_LAMBDA_ERRORS);
      expect(retry?.JitterStrategy, name).toBe('FULL');
      expect(retry?.BackoffRate, name).toBe(2);
      expect(state.Catch?.at(-1), name).toEqual({
        ErrorEquals: ['States.ALL'],
        ResultPath: '$.failure',
        Next: 'RecordFailure',
      });
    }
  });

  it('waits only on callbacks whose timeout is read from the state, never the interpreter’s 60 s default', () => {
    const callbacks = lambdaTasks.filter(([, state]) => state.Resource?.endsWith('.waitForTaskToken'));
    expect(callbacks.map(([name]) => name).sort()).toEqual(
      ['ActivePeriod', 'AwaitApproval', 'AwaitPeriodEnd', 'RequestAssessment', 'RequestRanking'].sort(),
    );
    for (const [name, state] of callbacks) {
      expect(state.TimeoutSecondsPath, name).toMatch(/^\$\.waits\./);
      expect(state.Catch?.[0], name).toMatchObject({ ErrorEquals: ['States.Timeout'] });
    }
  });

  it('hands the steps ids, counts and dates only: no personal data travels in the state', () => {
    const allowed =
      /^\$(\.(municipality|caseId|cycle|resumeFrom|failure\.Error|waits(\.[\w.]+)?|closed\.[\w]+)|\$\.(Execution\.Id|Task\.Token))$/;
    const paths = states.flatMap(([, state]) => pathsIn(state.Parameters));
    expect(paths.length).toBeGreaterThan(20);
    for (const path of paths) expect(path).toMatch(allowed);
  });

  it('continues as new by starting this same machine, and may start no other', () => {
    const start = definition.States['StartNextCycle'];
    expect(start?.Resource).toBe('arn:aws:states:::states:startExecution');
    expect(start?.Parameters?.['StateMachineArn']).toBe(
      `arn:aws:states:eu-north-1:000000000000:stateMachine:${cycleName}`,
    );
    const policies = Object.values(template.Resources ?? {}).filter(
      (resource) => resource.Type === 'AWS::IAM::Policy',
    );
    const statements = JSON.stringify(policies.map((policy) => policy.Properties?.['PolicyDocument']));
    expect(statements).toContain('states:StartExecution');
    expect(statements).toContain(`:stateMachine:${cycleName}`);
    expect(statements).not.toMatch(/"states:StartExecution"[^\]]*"Resource":"\*"/);
  });
});

describe('monthly run ASL', () => {
  it('is byte for byte the DefinitionString of the synthesized template too, with a bounded Map', () => {
    const run = workflows.sfn.definitionOf(runName);
    expectExecutedAsSynthesized(run, definitionParts(template, runName));
    const parsed = JSON.parse(run) as {
      QueryLanguage: string;
      States: Record<string, { Type: string; MaxConcurrency?: number }>;
    };
    expect(parsed.QueryLanguage).toBe('JSONPath');
    const maps = Object.values(parsed.States).filter((state) => state.Type === 'Map');
    expect(maps).toHaveLength(1);
    expect(maps[0]?.MaxConcurrency).toBeGreaterThan(0);
    expect(maps[0]?.MaxConcurrency).toBeLessThanOrEqual(10);
  });
});
