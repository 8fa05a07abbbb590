/**
 * The ASL of a state machine as CloudFormation will deploy it, taken from a synthesized
 * template: its `DefinitionString` with the tokens CDK leaves in it (Lambda ARNs, the partition,
 * region and account) filled in for one account, so the local runtime executes exactly that text.
 *
 * @example
 * const template = Template.fromStack(stack).toJSON();
 * const asl = synthesizedDefinition(template, 'atbalsts-demo', { region: 'eu-north-1', accountId: '000000000000' });
 */

export interface TemplateJson {
  Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

export interface AccountEnv {
  region: string;
  accountId: string;
}

/** The parts of a `DefinitionString`: text, and the tokens between it. */
export function definitionParts(template: TemplateJson, stateMachineName: string): unknown[] {
  const found = Object.values(template.Resources ?? {}).find(
    (resource) =>
      resource.Type === 'AWS::StepFunctions::StateMachine' &&
      resource.Properties?.['StateMachineName'] === stateMachineName,
  );
  const definition = found?.Properties?.['DefinitionString'];
  if (definition === undefined) throw new Error(`no state machine ${stateMachineName} in the template`);
  return joinParts(definition) ?? [definition];
}

/**
 * The definition text with its tokens resolved for `env`.
 *
 * @example
 * synthesizedDefinition(template, 'atbalsts-demo', { region: 'eu-north-1', accountId: '000000000000' });
 */
export function synthesizedDefinition(
  template: TemplateJson,
  stateMachineName: string,
  env: AccountEnv,
): string {
  return definitionParts(template, stateMachineName)
    .map((part) => resolveToken(template, part, env))
    .join('');
}

/**
 * One CloudFormation token as the deployed value: pseudo parameters, a Lambda function's ARN or
 * name, and joins of those.
 *
 * @example
 * resolveToken(template, { Ref: 'AWS::Partition' }, env); // 'aws'
 */
export function resolveToken(template: TemplateJson, token: unknown, env: AccountEnv): string {
  if (typeof token === 'string') return token;
  const joined = joinParts(token);
  if (joined) return joined.map((part) => resolveToken(template, part, env)).join('');
  const record = (token ?? {}) as Record<string, unknown>;
  const ref = record['Ref'];
  if (typeof ref === 'string') {
    const pseudo: Record<string, string> = {
      'AWS::Partition': 'aws',
      'AWS::Region': env.region,
      'AWS::AccountId': env.accountId,
      'AWS::URLSuffix': 'amazonaws.com',
    };
    return pseudo[ref] ?? functionNameOf(template, ref);
  }
  const getAtt = record['Fn::GetAtt'];
  if (Array.isArray(getAtt) && getAtt[1] === 'Arn' && typeof getAtt[0] === 'string') {
    return `arn:aws:lambda:${env.region}:${env.accountId}:function:${functionNameOf(template, getAtt[0])}`;
  }
  throw new Error(`cannot resolve ${JSON.stringify(token)}`);
}

function joinParts(token: unknown): unknown[] | undefined {
  const join = (token as Record<string, unknown> | null)?.['Fn::Join'];
  if (!Array.isArray(join) || join[0] !== '' || !Array.isArray(join[1])) return undefined;
  return join[1];
}

function functionNameOf(template: TemplateJson, logicalId: string): string {
  const resource = template.Resources?.[logicalId];
  const name = resource?.Properties?.['FunctionName'];
  if (resource?.Type !== 'AWS::Lambda::Function' || typeof name !== 'string') {
    throw new Error(`${logicalId} is not a Lambda function with a fixed name`);
  }
  return name;
}
