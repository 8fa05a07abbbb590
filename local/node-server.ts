/**
 * The API in Node, for the local system: a request listener to mount in an existing HTTP server
 * (beside other routes), or a server of its own on 127.0.0.1.
 *
 * @example
 * const app = createApp({ ...workflows.context, auth: { localSecret } });
 * const server = await serveApi(app, { port: 0 });
 * console.log(server.url); // http://127.0.0.1:43117
 * await server.close();
 */
import type { AddressInfo } from 'node:net';
import { getRequestListener, serve } from '@hono/node-server';
import type { Hono } from 'hono';

/**
 * A Node `(request, response)` listener answering with the app.
 *
 * @example
 * const listener = apiRequestListener(app);
 * createServer((request, response) => (isControl(request) ? control(request, response) : listener(request, response)));
 */
export function apiRequestListener(app: Hono): ReturnType<typeof getRequestListener> {
  return getRequestListener(app.fetch);
}

export interface ServedApi {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serve the app on 127.0.0.1 (loopback only); port 0 picks a free one.
 *
 * @example
 * const { url, close } = await serveApi(app, { port: 8787 });
 */
export function serveApi(app: Hono, options: { port: number }): Promise<ServedApi> {
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, hostname: '127.0.0.1', port: options.port },
      (info: AddressInfo) => {
        resolve({
          url: `http://127.0.0.1:${info.port}`,
          port: info.port,
          close: () =>
            new Promise<void>((done, fail) => {
              server.close((error) => (error ? fail(error) : done()));
              if ('closeAllConnections' in server) server.closeAllConnections();
            }),
        });
      },
    );
    server.once('error', reject);
  });
}
