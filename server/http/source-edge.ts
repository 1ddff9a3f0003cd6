import type http from 'node:http';
import type { Principal } from '../auth/api-keys';
import type { IngestGrant } from '../db/ingest-keys';
import type { Db } from '../db/open';
import type { Logger } from '../log';
import { redactUrl } from '../log';
import type { Sources } from '../sources/service';
import { createIngestRoute, type IngestStorage } from './ingest';
import { createOsmandHandler, listenOsmand, OSMAND_PATH } from './osmand';

export interface SourceEdgeDeps {
  db: Db;
  sources: Sources;
  authenticate: (key: string) => Promise<Principal | null>;
  ingestGrant?: (key: string) => Promise<IngestGrant | null>;
  storage?: IngestStorage;
  log: Logger;
}

export interface SourceEdge {
  /** HTTP ingest and OsmAnd on the main port; false for other requests. */
  handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean>;
  /** Opens the OsmAnd port; resolves to its base URL. */
  listenOsmand(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Where devices and feeds talk to the server without a reading key:
 * `POST /v1/ingest/positions` and the OsmAnd protocol, on the main port
 * at `/osmand` and, when configured, on a port of its own.
 */
export function createSourceEdge(deps: SourceEdgeDeps): SourceEdge {
  const ingest = createIngestRoute(deps);
  const osmand = createOsmandHandler(deps.sources, deps.log.child('osmand'));
  let own: http.Server | undefined;

  return {
    async handle(req, res) {
      if (await ingest(req, res)) return true;
      const path = (req.url ?? '').split('?')[0]?.replace(/\/$/, '');
      if (path !== OSMAND_PATH) return false;
      await osmand(req, res);
      return true;
    },
    async listenOsmand(port, host) {
      const log = deps.log.child('osmand');
      const opened = await listenOsmand(osmand, port, host, (error) =>
        log.error('osmand request failed', { error }),
      );
      own = opened.server;
      log.info('osmand listening', { url: redactUrl(opened.url) });
      return opened.url;
    },
    async close() {
      const server = own;
      if (!server) return;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
