/**
 * How a command that reads the store finds it: DynamoDB Local of the running local system
 * (`npm start`) by default, another endpoint with `--endpoint` (or ATBALSTS_DYNAMODB_ENDPOINT), or
 * the AWS account of the environment's credentials with `--aws`; the table with `--table` (or
 * ATBALSTS_TABLE), `atbalsts` by default.
 *
 * @example
 * const store = storeFrom({ endpoint: undefined, table: undefined, aws: false }); // 127.0.0.1:8000, table atbalsts
 */
import { localClientConfig } from '../functions/store/client.ts';
import { createStore, type Store } from '../functions/store/store.ts';

export const STORE_OPTIONS = {
  endpoint: { type: 'string' },
  table: { type: 'string' },
  aws: { type: 'boolean' },
} as const;

export const STORE_USAGE = `The store: DynamoDB Local of npm start (http://127.0.0.1:8000) unless --endpoint URL (or
ATBALSTS_DYNAMODB_ENDPOINT) names another, or --aws uses the environment's AWS credentials;
--table (or ATBALSTS_TABLE) names the table, atbalsts by default.`;

/** The store named by a command's parsed --endpoint, --table and --aws. */
export function storeOfOptions(values: Record<string, string | boolean | undefined>): Store {
  return storeFrom({
    endpoint: values['endpoint'] as string | undefined,
    table: values['table'] as string | undefined,
    aws: values['aws'] === true,
  });
}

export function storeFrom(options: {
  endpoint?: string | undefined;
  table?: string | undefined;
  aws?: boolean | undefined;
}): Store {
  // The SDK's notice about future Node versions is for operators, not for a command's output.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const tableName = options.table ?? process.env['ATBALSTS_TABLE'] ?? 'atbalsts';
  if (options.aws) return createStore({ tableName });
  const endpoint = options.endpoint ?? process.env['ATBALSTS_DYNAMODB_ENDPOINT'] ?? 'http://127.0.0.1:8000';
  return createStore({ tableName, clientConfig: localClientConfig(endpoint) });
}
