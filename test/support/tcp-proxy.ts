import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 between a client and a server, under the
 * test's control: it can cut every connection at once (a network drop),
 * or swallow traffic while keeping the sockets open (a dead link that no
 * one has noticed yet).
 */
export class TcpProxy {
  private readonly pairs = new Set<[net.Socket, net.Socket]>();
  private stalled = false;
  private refusing = false;
  /** Connections the proxy has accepted so far. */
  accepted = 0;

  private constructor(
    private readonly server: net.Server,
    private target: number,
  ) {
    server.on('connection', (client) => this.bridge(client));
  }

  static async start(targetPort: number): Promise<TcpProxy> {
    const server = net.createServer();
    const proxy = new TcpProxy(server, targetPort);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** Sends later connections to another port (a restarted server). */
  retarget(port: number): void {
    this.target = port;
  }

  /** Drops every connection now, both ends, without a close handshake. */
  cut(): void {
    for (const [a, b] of this.pairs) {
      a.destroy();
      b.destroy();
    }
    this.pairs.clear();
  }

  /**
   * Closes every new connection as soon as it is made, or stops doing so:
   * a server that cannot be reached, or a network that blocks its port.
   */
  refuse(on = true): void {
    this.refusing = on;
  }

  /** Swallows all traffic on the open connections, in both directions. */
  stall(): void {
    this.stalled = true;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private bridge(client: net.Socket): void {
    if (this.refusing) {
      client.destroy();
      return;
    }
    this.accepted++;
    const stalled = this.stalled;
    // A connection made after a stall flows: the link came back.
    this.stalled = false;
    if (stalled) this.swallowOld();
    const upstream = net.connect(this.target, '127.0.0.1');
    const pair: [net.Socket, net.Socket] = [client, upstream];
    this.pairs.add(pair);
    const forward = (from: net.Socket, to: net.Socket) => {
      from.on('data', (chunk) => {
        if (!this.stalled && !to.destroyed) to.write(chunk);
      });
      from.on('close', () => {
        to.destroy();
        this.pairs.delete(pair);
      });
      from.on('error', () => to.destroy());
    };
    forward(client, upstream);
    forward(upstream, client);
  }

  /** Connections open during a stall stay dead after it. */
  private swallowOld(): void {
    for (const [a, b] of this.pairs) {
      a.removeAllListeners('data');
      b.removeAllListeners('data');
    }
  }
}
