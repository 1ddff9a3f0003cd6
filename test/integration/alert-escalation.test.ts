import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertRecord, AuditEntry, SafetyAlert, Severity } from '../../lib/protocol';
import type { AlertNotice, Notifier } from '../../server/alerts/notify';
import { storeApiKey } from '../../server/auth/api-keys';
import { getAlert } from '../../server/db/alerts';
import { registerFleets } from '../../server/db/fleets';
import { engineAlert } from '../support/alerts';
import { FakeClock } from '../support/fake-clock';
import { startServer, type TestServer } from '../support/server';

/**
 * Escalation and auto-resolve on a whole server, across restarts, with
 * the server clock in the test's hands (field case C26). collision_risk
 * escalates every 2 minutes by default: the case's "notify a supervisor
 * after 2 min if not acknowledged".
 */
const FLEET = 'c26-fleet';
const ADMIN_KEY = 'flk_escalation-test-admin-0000000000';
const T0 = '2026-03-10T06:00:00.000Z';
const SCHEDULER_PROCESS = fileURLToPath(
  new URL('../support/scheduler-process.ts', import.meta.url),
);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let running: TestServer[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  const servers = running;
  running = [];
  for (const [i, s] of servers.entries()) {
    // Earlier runs share the last one's data directory.
    await s.close({ keepData: i < servers.length - 1 });
  }
});

interface Run {
  server: TestServer;
  clock: FakeClock;
  notices: AlertNotice[];
}

/** A server without the demo, on `dataDir` if given, with the test's clock. */
async function boot(clock: FakeClock, dataDir?: string): Promise<Run> {
  const notices: AlertNotice[] = [];
  const notifier: Notifier = {
    notify: async (n) => void notices.push(n),
    close: async () => {},
  };
  const env = { DEMO: 'off', ...(dataDir !== undefined && { DATA_DIR: dataDir }) };
  const server = await startServer(env, { clock, notifier });
  running.push(server);
  if (dataDir === undefined) {
    const fleet = { id: FLEET, name: 'C26', timezone: 'Europe/Berlin' };
    await registerFleets(server.app.db, [fleet], []);
    await storeApiKey(server.app.db, ADMIN_KEY, {
      role: 'admin',
      label: 'escalation test',
      fleets: [FLEET],
    });
  }
  return { server, clock, notices };
}

/** Stops a run, keeping its data for the next. */
async function stop(run: Run): Promise<void> {
  running = running.filter((s) => s !== run.server);
  await run.server.close({ keepData: true });
}

async function raise(
  run: Run,
  vehicleId = 'al-3-car',
  opts: { category?: string; severity?: Severity; resolved?: boolean } = {},
): Promise<AlertRecord> {
  const alert = await run.server.app.alerts.raise(
    engineAlert(FLEET, vehicleId, {
      category: opts.category ?? 'collision_risk',
      severity: opts.severity ?? 'critical',
      ...(opts.resolved !== undefined && { resolved: opts.resolved }),
    }),
  );
  if (!alert) throw new Error('the alert was not stored');
  return alert;
}

/** Moves the clock on and waits for the scheduler passes it set off. */
async function advance(run: Run, seconds: number): Promise<void> {
  run.clock.advance(seconds * 1000);
  await run.server.app.alerts.scheduler.settled();
}

function at(secondsAfterT0: number): string {
  return new Date(Date.parse(T0) + secondsAfterT0 * 1000).toISOString();
}

function escalations(run: Run): Array<[string, number]> {
  return run.notices
    .filter((n) => n.kind === 'escalated')
    .map((n) => [n.alert.alert_id, n.tier]);
}

async function escalateEntries(run: Run, alertId: string): Promise<AuditEntry[]> {
  const res = await fetch(`${run.server.base}/v1/fleets/${FLEET}/audit?limit=500`, {
    headers: { Authorization: `Bearer ${ADMIN_KEY}` },
  });
  const { entries } = (await res.json()) as { entries: AuditEntry[] };
  return entries.filter((e) => e.alert_id === alertId && e.action === 'escalate');
}

describe('C26: escalation across a restart', () => {
  it('run 1: restarted at T0+60 s, it fires once at T0+2 min', async () => {
    const clock = new FakeClock(Date.parse(T0));
    const first = await boot(clock);
    const al3 = await raise(first);
    await advance(first, 60);
    await stop(first);

    const second = await boot(clock, first.server.dataDir);
    const afterStart = escalations(second);
    await advance(second, 59);
    const justBefore = escalations(second);
    await advance(second, 1);
    await advance(second, 300);

    expect(al3.escalate_at).toBe(at(120));
    expect(afterStart).toEqual([]);
    expect(justBefore).toEqual([]);
    expect(escalations(second)).toEqual([
      [al3.alert_id, 1],
      [al3.alert_id, 2],
    ]);
    const [firstEntry] = (await escalateEntries(second, al3.alert_id)).reverse();
    expect(firstEntry).toMatchObject({
      at: at(120),
      actor: 'system',
      escalation_level: 1,
    });
  });

  it('run 2: stopped at T0+60 s and started at T0+5 min, it fires once at start', async () => {
    const clock = new FakeClock(Date.parse(T0));
    const first = await boot(clock);
    const al3 = await raise(first);
    await advance(first, 60);
    await stop(first);
    clock.advance(240_000);

    const second = await boot(clock, first.server.dataDir);
    const atStart = escalations(second);
    await stop(second);
    const third = await boot(clock, first.server.dataDir);

    expect(atStart).toEqual([[al3.alert_id, 1]]);
    expect(escalations(third)).toEqual([]);
    expect(await getAlert(third.server.app.db, al3.alert_id)).toMatchObject({
      escalation_level: 1,
      escalated_at: at(300),
      escalate_at: at(420),
    });
    expect(await escalateEntries(third, al3.alert_id)).toHaveLength(1);
  });
});

describe('the server clock at start-up', () => {
  it('climbs one level after a jump of an hour, then waits a full delay', async () => {
    const clock = new FakeClock(Date.parse(T0));
    const first = await boot(clock);
    const a = await raise(first);
    await stop(first);
    clock.advance(3_600_000);

    const second = await boot(clock, first.server.dataDir);
    const atStart = escalations(second);
    await advance(second, 119);
    const beforeNext = escalations(second);
    await advance(second, 1);

    expect(atStart).toEqual([[a.alert_id, 1]]);
    expect(beforeNext).toEqual([[a.alert_id, 1]]);
    expect(escalations(second)).toEqual([
      [a.alert_id, 1],
      [a.alert_id, 2],
    ]);
  });

  it('pulls in an escalation stored further ahead than the rule delay', async () => {
    const clock = new FakeClock(Date.parse(T0));
    const first = await boot(clock);
    const a = await raise(first);
    await stop(first);
    clock.advance(-3_600_000);

    const second = await boot(clock, first.server.dataDir);
    const stored = await getAlert(second.server.app.db, a.alert_id);
    await advance(second, 120);

    expect(stored?.escalate_at).toBe(at(-3600 + 120));
    expect(escalations(second)).toEqual([[a.alert_id, 1]]);
  });
});

describe('two schedulers on one database', () => {
  it('escalates each alert once, whichever process gets to it', async () => {
    const clock = new FakeClock(Date.parse(T0));
    const run = await boot(clock);
    const alerts: AlertRecord[] = [];
    for (let i = 0; i < 40; i++) alerts.push(await raise(run, `car-${i}`));
    const other = spawn(
      process.execPath,
      ['--import', 'tsx', SCHEDULER_PROCESS, run.server.dataDir, at(120)],
      { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const lines = createInterface({ input: other.stdout })[Symbol.asyncIterator]();
    expect((await lines.next()).value).toBe('ready');

    other.stdin.write('go\n');
    await advance(run, 120);
    const answer = JSON.parse(String((await lines.next()).value)) as {
      ids: string[];
      failures: string[];
    };
    await once(other, 'exit');

    const here = escalations(run).map(([id]) => id);
    expect(answer.failures).toEqual([]);
    expect(here.filter((id) => answer.ids.includes(id))).toEqual([]);
    expect([...here, ...answer.ids].sort()).toEqual(alerts.map((a) => a.alert_id).sort());
    const rows = await run.server.app.db
      .selectFrom('alert_audit')
      .select('alert_id')
      .where('action', '=', 'escalate')
      .execute();
    expect(rows).toHaveLength(alerts.length);
  });
});

describe('auto-resolve', () => {
  /** The viewer's dashboard of FLEET, and every alert message it got. */
  async function dashboard(run: Run): Promise<SafetyAlert[]> {
    const got: SafetyAlert[] = [];
    const socket = io(run.server.base, {
      auth: { apiKey: ADMIN_KEY, fleetId: FLEET },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    socket.on('alerts', (m: SafetyAlert) => got.push(m));
    await new Promise((r) => socket.once('snapshot', r));
    return got;
  }

  async function until(check: () => boolean): Promise<void> {
    for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 30));
    if (!check()) throw new Error('the dashboard never heard of it');
  }

  it('resolves a route deviation once the vehicle stayed on route for 2 min', async () => {
    const clock = new FakeClock(Date.parse(T0));
    const run = await boot(clock);
    const got = await dashboard(run);
    const deviation = { category: 'route_deviation', severity: 'medium' as const };
    const a = await raise(run, 'bus-7', deviation);
    await advance(run, 10);

    await raise(run, 'bus-7', { ...deviation, resolved: true });
    await advance(run, 119);
    const waiting = (await getAlert(run.server.app.db, a.alert_id))?.status;
    await advance(run, 1);
    await until(() => got.some((m) => m.payload.status === 'resolved'));

    expect(waiting).toBe('active');
    const states = got.map((m) => [m.payload.status, m.payload.cleared_at ?? null]);
    expect(states).toEqual([
      ['active', null],
      ['active', at(10)],
      ['resolved', at(10)],
    ]);
    expect(got.at(-1)?.payload).toMatchObject({
      resolved_by: 'system',
      auto_resolved: true,
      resolved_at: at(130),
    });
  });

  it('leaves a cleared alert to a human when an admin turned auto-resolve off', async () => {
    const clock = new FakeClock(Date.parse(T0));
    const run = await boot(clock);
    const res = await fetch(
      `${run.server.base}/v1/fleets/${FLEET}/alert-rules/route_deviation`,
      {
        method: 'PUT',
        headers: {
          Authorization: `Bearer ${ADMIN_KEY}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ auto_resolve: false }),
      },
    );
    const deviation = { category: 'route_deviation', severity: 'medium' as const };
    const a = await raise(run, 'bus-8', deviation);

    await raise(run, 'bus-8', { ...deviation, resolved: true });
    await advance(run, 600);

    expect(res.status).toBe(200);
    expect(await getAlert(run.server.app.db, a.alert_id)).toMatchObject({
      status: 'active',
      cleared_at: T0,
    });
  });
});

describe('the real clock', () => {
  it('escalates by itself after a delay set through REST', async () => {
    const run = await boot(new FakeClock(Date.now()));
    await stop(run);
    const live = await startServer({ DEMO: 'off', DATA_DIR: run.server.dataDir });
    running.push(live);
    await fetch(`${live.base}/v1/fleets/${FLEET}/alert-rules/collision_risk`, {
      method: 'PUT',
      headers: {
        Authorization: `Bearer ${ADMIN_KEY}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ escalation_delay_s: 1 }),
    });
    const socket = io(live.base, {
      auth: { apiKey: ADMIN_KEY, fleetId: FLEET },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    await new Promise((r) => socket.once('snapshot', r));
    const escalated = new Promise<SafetyAlert>((resolve) => {
      socket.on('alerts', (m: SafetyAlert) => {
        if (m.payload.escalation_level === 1) resolve(m);
      });
    });

    const a = await live.app.alerts.raise(
      engineAlert(FLEET, 'live-car', {
        category: 'collision_risk',
        severity: 'critical',
      }),
    );
    const message = await escalated;

    expect(message.payload).toMatchObject({ alert_id: a?.alert_id, status: 'active' });
  });
});
