import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MapAssets } from '../../../../server/http/map-assets';

/** Status the test server gives a request the map assets passed on. */
export const PASSED_ON = 418;

export interface TestServer {
  /** Base URL, e.g. `http://127.0.0.1:54321`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `assets` on a real socket at 127.0.0.1 on a free port. Close
 * ends the listener and every open connection.
 */
export async function serve(assets: MapAssets): Promise<TestServer> {
  const server = http.createServer((req, res) => {
    if (!assets.handle(req, res)) res.writeHead(PASSED_ON).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
