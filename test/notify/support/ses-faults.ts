/**
 * A small HTTP proxy in front of the local SES that answers some SendEmail calls the way SES does
 * when it throttles or rejects an address (the v1 query protocol's XML error), and forwards the
 * rest. The sender under test then meets real SDK errors, parsed by the real SDK.
 */
import { createServer, type Server } from 'node:http';

export interface SesFaults {
  endpoint: string;
  /** Answer the next `count` SendEmail calls with `Throttling`. */
  throttleNext(count: number): void;
  /** Answer SendEmail to matching addresses with `MessageRejected`. */
  rejectAddresses(pattern: RegExp): void;
  /** SendEmail calls seen, faulted or not. */
  readonly sendCalls: number;
  close(): Promise<void>;
}

const errorXml = (code: string, message: string) =>
  `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>local-fault</RequestId></ErrorResponse>`;

/** Headers that belong to one connection, not to the request being forwarded. */
const HOP_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

export async function startSesFaults(target: string): Promise<SesFaults> {
  let throttles = 0;
  let rejected: RegExp | undefined;
  let sendCalls = 0;
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const form = new URLSearchParams(body.toString());
    if (form.get('Action') === 'SendEmail') {
      sendCalls += 1;
      const fault =
        throttles > 0
          ? errorXml('Throttling', 'Maximum sending rate exceeded.')
          : rejected?.test(form.get('Destination.ToAddresses.member.1') ?? '')
            ? errorXml('MessageRejected', 'Email address is not verified.')
            : undefined;
      if (fault) {
        if (throttles > 0) throttles -= 1;
        response.writeHead(400, { 'content-type': 'text/xml' }).end(fault);
        return;
      }
    }
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string' && !HOP_HEADERS.has(entry[0]),
      ),
    );
    const forwarded = await fetch(`${target}${request.url ?? '/'}`, {
      method: request.method ?? 'GET',
      headers,
      ...(body.length > 0 && { body }),
    });
    response.writeHead(forwarded.status, {
      'content-type': forwarded.headers.get('content-type') ?? 'text/xml',
    });
    response.end(Buffer.from(await forwarded.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    throttleNext: (count) => {
      throttles = count;
    },
    rejectAddresses: (pattern) => {
      rejected = pattern;
    },
    get sendCalls() {
      return sendCalls;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
