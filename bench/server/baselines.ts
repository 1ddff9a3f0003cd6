import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { WebSocketServer, type WebSocket } from 'ws';
import { locationMessage, type FanOut, type PositionUpdate } from './fanout';

/**
 * The bare servers the product is compared with. Each sends the very
 * messages the product sends (same fields, same ids and sequence numbers)
 * with nothing else: no authentication, no snapshot, no replay.
 */
export type Baseline = 'sio-emit' | 'sio-batch' | 'ws-loop';

/** How often `sio-batch` sends each fleet's array. */
export const BATCH_MS = 100;

export async function baselineFanOut(kind: Baseline, port: number): Promise<FanOut> {
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  const stamp = stamper();
  let publish: (u: PositionUpdate) => void;
  let stop: () => Promise<void>;

  if (kind === 'ws-loop') {
    const wss = new WebSocketServer({ server, path: '/v1/streaming/websocket' });
    const viewers = new Map<string, Set<WebSocket>>();
    wss.on('connection', (ws, req) => {
      const query = new URL(req.url ?? '/', 'http://x').searchParams;
      const fleet = query.get('fleet_id') ?? '';
      const set = viewers.get(fleet) ?? new Set();
      viewers.set(fleet, set.add(ws));
      // The product answers a query-string key so; clients wait for it.
      ws.send(JSON.stringify({ type: 'auth_success' }));
      ws.on('close', () => set.delete(ws));
    });
    publish = (u) => {
      const json = JSON.stringify(stamp(u));
      for (const ws of viewers.get(u.fleetId) ?? []) ws.send(json);
    };
    stop = () => new Promise((r) => wss.close(() => r()));
  } else {
    const io = new Server(server, { serveClient: false });
    io.on('connection', (socket) => {
      const auth = socket.handshake.auth as { fleetId?: unknown };
      if (typeof auth.fleetId === 'string') void socket.join(`fleet:${auth.fleetId}`);
    });
    if (kind === 'sio-emit') {
      publish = (u) => io.to(`fleet:${u.fleetId}`).emit('vehicle_locations', stamp(u));
      stop = () => io.close().then(() => undefined);
    } else {
      const pending = new Map<string, unknown[]>();
      publish = (u) => {
        const list = pending.get(u.fleetId);
        if (list) list.push(stamp(u));
        else pending.set(u.fleetId, [stamp(u)]);
      };
      const timer = setInterval(() => {
        for (const [fleet, list] of pending) {
          io.to(`fleet:${fleet}`).emit('positions', list);
        }
        pending.clear();
      }, BATCH_MS);
      stop = () => {
        clearInterval(timer);
        return io.close().then(() => undefined);
      };
    }
  }

  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    publish: (u) => publish(u),
    async close() {
      await stop();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** Adds the id and per-fleet sequence number the product's hub adds. */
function stamper() {
  const seqs = new Map<string, number>();
  return (u: PositionUpdate) => {
    const seq = (seqs.get(u.fleetId) ?? 0) + 1;
    seqs.set(u.fleetId, seq);
    return { ...locationMessage(u), id: `bench-${u.fleetId}-${seq}`, seq };
  };
}
