/**
 * The OpenAPI 3.1 document, built from the route table: the same zod schemas that validate a
 * request describe it. Schemas become JSON Schema (2020-12, OpenAPI 3.1's dialect) with zod's own
 * `z.toJSONSchema`; every body and response schema is a named component, parameters are inlined.
 *
 * Why not @hono/zod-openapi: its current version (1.6.3) accepts zod 4, but its generator marks the
 * store's `exactOptional()` fields (a contact's email, a birth date, an assessment's providers) as
 * required, which would document the API wrongly, and it brings four more packages. zod's own
 * converter gets them right and costs nothing.
 *
 * @example
 * const document = openApiDocument(routes, { title: 'Atbalsts API', version: '0.1.0' });
 * document.paths['/cases'].post.operationId // 'openCase'
 */
import { z } from 'zod';
import { GATEWAY_OPERATIONS, type GatewayOperation } from './gateway-routes.ts';
import { PROBLEM_CONTENT_TYPE, problemSchema } from './problem.ts';
import { type Route, routeProblems, takesIdempotencyKey } from './route.ts';

type JsonObject = Record<string, unknown>;

const ACCESS_TEXT: Record<Route['access'], string> = {
  public: 'Anyone.',
  link: 'The holder of a signed link from an email (no account).',
  'staff-read': 'Groups: coordinators, supervisors (their municipality).',
  coordinator: 'Groups: coordinators (their municipality).',
  assistant: 'Groups: assistants (cases they are an assistant contact of).',
  ministry: 'Groups: ministry (every municipality’s aggregated indicators; no case or personal data).',
};

const componentRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A schema alone as JSON Schema, without the `$schema` header (parameters are inlined). */
function inlineSchema(schema: z.ZodType): JsonObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonObject;
  return rest;
}

/** Parameters of an object schema: each field, required unless it accepts no value. */
function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonObject[] {
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => {
    const { description, ...json } = inlineSchema(field);
    return {
      name,
      in: where,
      required: where === 'path' || !field.safeParse(undefined).success,
      schema: json,
      ...(typeof description === 'string' && { description }),
    };
  });
}

const problemResponse = (description: string) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: componentRef('Problem') } },
});

/** An operation the gateway answers with a function of its own (functions/api/gateway-routes.ts). */
function gatewayOperation(
  operation: GatewayOperation,
  register: (name: string, schema: z.ZodType) => JsonObject,
): JsonObject {
  const responses: Record<string, JsonObject> = {};
  for (const [status, spec] of Object.entries(operation.responses)) {
    responses[status] = spec.schema
      ? {
          description: spec.description,
          content: {
            'application/json': {
              schema: register(spec.name ?? `${operation.operationId}${status}`, spec.schema),
            },
          },
        }
      : { description: spec.description };
  }
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    description: operation.description,
    tags: ['meta'],
    security: operation.access === 'staff' ? [{ bearer: [] }] : [],
    responses,
  };
}

/** The problems every route of its kind may answer (functions/api/route.ts routeProblems). */
const commonResponses = (route: Route): Record<string, JsonObject> =>
  Object.fromEntries(
    Object.entries(routeProblems(route)).map(([status, description]) => [
      status,
      problemResponse(description),
    ]),
  );

/**
 * The document for the routes.
 *
 * @example
 * openApiDocument(routes, { title: 'Atbalsts API', version: '0.1.0' }).openapi // '3.1.0'
 */
export function openApiDocument(
  routes: readonly Route[],
  info: { title: string; version: string },
  servers: readonly { url: string; description?: string }[] = [],
): JsonObject {
  const registry = z.registry<{ id: string }>();
  const named = new Map<string, z.ZodType>();
  const register = (name: string, schema: z.ZodType) => {
    const existing = named.get(name);
    if (existing && existing !== schema) throw new Error(`two schemas are named ${name} in the route table`);
    if (!existing) {
      named.set(name, schema);
      registry.add(schema, { id: name });
    }
    return componentRef(name);
  };
  register('Problem', problemSchema);

  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const route of routes) {
    const authenticated = route.access !== 'public' && route.access !== 'link';
    const parameters = [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')];
    if (takesIdempotencyKey(route)) {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description:
          'Makes a retry safe: the same key and request within 24 hours gets the first response again ' +
          '(header Idempotent-Replayed: true); the same key with another request is a 422.',
        schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,128}$' },
      });
    }
    const responses = commonResponses(route);
    for (const [status, spec] of Object.entries(route.responses)) {
      const alsoCommon = routeProblems(route)[Number(status)];
      responses[status] = spec.contentType
        ? {
            description: spec.description,
            content: { [spec.contentType]: { schema: { type: 'string', format: 'binary' } } },
          }
        : Number(status) >= 400 || !spec.schema
          ? problemResponse(alsoCommon ? `${spec.description}; or: ${alsoCommon}` : spec.description)
          : {
              description: spec.description,
              content: {
                'application/json': {
                  schema: register(spec.name ?? `${route.operationId}${status}`, spec.schema),
                },
              },
            };
    }
    const body = route.body;
    const operation: JsonObject = {
      operationId: route.operationId,
      summary: route.summary,
      description: [route.description, `Who: ${ACCESS_TEXT[route.access]}`].filter(Boolean).join('\n\n'),
      tags: route.tags,
      security: authenticated ? [{ bearer: [] }] : [],
      ...(parameters.length > 0 && { parameters }),
      ...(body && {
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: register(body.name, body.schema) },
            ...(body.csv && {
              'text/csv': { schema: { type: 'string', description: body.csv.description } },
            }),
          },
        },
      }),
      responses,
    };
    const pathItem = paths[route.path] ?? {};
    pathItem[route.method] = operation;
    paths[route.path] = pathItem;
  }

  for (const operation of GATEWAY_OPERATIONS) {
    const pathItem = paths[operation.path] ?? {};
    pathItem[operation.method] = gatewayOperation(operation, register);
    paths[operation.path] = pathItem;
  }

  const converted = z.toJSONSchema(registry, {
    io: 'input',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, JsonObject> };
  const schemas = Object.fromEntries(
    Object.entries(converted.schemas).map(([name, schema]) => {
      const { $schema: _dialect, $id: _id, ...rest } = schema;
      return [name, rest];
    }),
  );
  return {
    openapi: '3.1.0',
    info: {
      ...info,
      description:
        'Coordinators, assistants and parents of the Atbalsts service. Errors are application/problem+json ' +
        '(RFC 9457). See docs/api.md.',
    },
    ...(servers.length > 0 && { servers: [...servers] }),
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'A Cognito token on AWS (verified by API Gateway), a local token in local mode. Claims: sub, ' +
            'cognito:groups, custom:municipality, custom:assistantId (assistants).',
        },
      },
    },
  };
}
