/**
 * vitest globalSetup for the tests that need DynamoDB: one in-memory DynamoDB Local per run on a
 * random port of 127.0.0.1, handed to the test files as `dynamoEndpoint`; each file makes its own
 * table. Set ATBALSTS_DYNAMODB_ENDPOINT to use one already running instead.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/dynamodb.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env['ATBALSTS_DYNAMODB_ENDPOINT'];
  if (given) {
    project.provide('dynamoEndpoint', given);
    return async () => {};
  }
  const dynamo = await startDynamoDbLocal();
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
