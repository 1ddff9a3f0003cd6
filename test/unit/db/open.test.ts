import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/open';

/** A port on 127.0.0.1 that closes every connection at once. */
let port: number;
let server: net.Server;

beforeAll(async () => {
  server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('openDatabase on PostgreSQL', () => {
  it('names the database it could not reach without its password', async () => {
    const url = `postgres://fleet:s3cret@127.0.0.1:${port}/fleet`;

    const opening = openDatabase({ dataDir: '', databaseUrl: url });

    await expect(opening).rejects.toThrow(
      `Could not migrate the database at postgres://fleet:[redacted]@127.0.0.1:${port}/fleet`,
    );
    await opening.catch((error: Error) => {
      expect(error.message).not.toContain('s3cret');
    });
  });
});
