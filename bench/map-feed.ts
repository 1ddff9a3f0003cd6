/**
 * What `bench/map.ts` runs inside the page, as script text (a function
 * passed to page.evaluate would carry the bundler's helpers with it).
 *
 * Vehicles drive a street grid over Austin (blocks of 250 m, 20 × 25 km):
 * straight on at most corners, a turn at some, never off the grid; one in
 * five is a bus at 18–38 km/h, the rest cars at 30–60 km/h; now and then
 * one stands for 5–30 s, half of those with the engine running. Every
 * vehicle reports once a second, staggered in five groups, and each group
 * reaches the store as one batch, as the dashboard's 200 ms coalescer
 * would deliver it. The same seed gives the same fleet in every scenario.
 *
 * window.__bench.seed(n) loads n vehicles at once; start(updates) opens a
 * measurement window (and the feed, if asked); stop() closes both and
 * returns the raw samples.
 */
export const FEED_SCRIPT = String.raw`
(() => {
  const LON0 = -97.86, LAT0 = 30.16, COLS = 80, ROWS = 100, BLOCK_M = 250;
  const M_LAT = 111320, M_LON = 111320 * Math.cos((30.27 * Math.PI) / 180);
  const DX = [0, 1, 0, -1], DY = [1, 0, -1, 0];
  let state = 42;
  const rnd = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const store = () => window.fleetlightStore.getState();
  let fleet = [];
  let tick = 0;
  let feed = 0;
  let win = null;

  function step(v, dt) {
    if (v.dwell > 0) { v.dwell -= dt; return; }
    if (rnd() < 0.004) { v.dwell = 5 + rnd() * 25; v.engine = rnd() < 0.5; return; }
    v.along += (v.kmh / 3.6) * dt;
    while (v.along >= BLOCK_M) {
      v.along -= BLOCK_M;
      v.i += DX[v.dir]; v.j += DY[v.dir];
      const r = rnd();
      let d = v.dir;
      if (r < 0.2) d = (d + 1) % 4; else if (r < 0.4) d = (d + 3) % 4;
      const ni = v.i + DX[d], nj = v.j + DY[d];
      if (ni < 0 || nj < 0 || ni >= COLS || nj >= ROWS) d = (d + 2) % 4;
      v.dir = d;
    }
  }

  function fix(v, now) {
    const x = v.i * BLOCK_M + DX[v.dir] * v.along;
    const y = v.j * BLOCK_M + DY[v.dir] * v.along;
    const still = v.dwell > 0;
    const f = {
      id: v.id, fleetId: 'bench',
      lon: LON0 + x / M_LON, lat: LAT0 + y / M_LAT,
      heading: v.dir * 90, speed: still ? 0 : v.kmh,
      deviceTime: now, receivedAt: now,
    };
    if (still && v.engine) f.telemetry = { engine_rpm: 700 };
    return f;
  }

  function deliver(batch) {
    const t0 = performance.now();
    store().applyBatch(batch);
    const ms = performance.now() - t0;
    if (win) win.batches.push(ms);
  }

  function feedTick() {
    const group = tick++ % 5;
    const now = Date.now();
    const batch = [];
    for (let k = group; k < fleet.length; k += 5) {
      step(fleet[k], 1);
      batch.push(fix(fleet[k], now));
    }
    deliver(batch);
  }

  function frames() {
    let last = performance.now();
    const loop = (t) => {
      if (!win) return;
      win.frames.push(t - last);
      last = t;
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  }

  // Main-thread time MapLibre spends drawing each frame.
  const map = window.fleetlightMap;
  const render = map._render;
  map._render = function (t) {
    const t0 = performance.now();
    const r = render.call(this, t);
    if (win) win.renders.push(performance.now() - t0);
    return r;
  };

  window.__bench = {
    seed(n) {
      fleet = Array.from({ length: n }, (_, k) => ({
        id: (k % 5 === 0 ? 'bus-' : 'car-') + (k + 1),
        i: Math.floor(rnd() * COLS), j: Math.floor(rnd() * ROWS),
        dir: Math.floor(rnd() * 4), along: rnd() * BLOCK_M,
        kmh: k % 5 === 0 ? 18 + rnd() * 20 : 30 + rnd() * 30,
        dwell: 0, engine: false,
      }));
      const now = Date.now();
      deliver(fleet.map((v) => fix(v, now)));
    },
    feed(on) {
      clearInterval(feed);
      if (on) feed = setInterval(feedTick, 200);
    },
    start() {
      win = {
        frames: [], renders: [], batches: [],
        longTasks: window.__longTasks.length,
        commits: window.__commits, at: performance.now(),
      };
      frames();
    },
    stop() {
      const w = win;
      win = null;
      return {
        frames: w.frames.slice(1), renders: w.renders, batches: w.batches,
        longTasks: window.__longTasks.slice(w.longTasks),
        commits: window.__commits - w.commits,
        seconds: (performance.now() - w.at) / 1000,
      };
    },
  };
})();
`;

/**
 * Installed before the page's own scripts: counts React commits through
 * the hook React DevTools uses (React calls it in production builds too)
 * and collects long tasks.
 */
export const PROBE_SCRIPT = String.raw`
window.__commits = 0;
window.__longTasks = [];
window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
  renderers: new Map(), supportsFiber: true, isDisabled: false,
  inject(r) { const id = this.renderers.size + 1; this.renderers.set(id, r); return id; },
  checkDCE() {}, onScheduleFiberRoot() {}, onCommitFiberUnmount() {},
  onPostCommitFiberRoot() {},
  onCommitFiberRoot() { window.__commits++; },
};
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__longTasks.push(e.duration);
}).observe({ type: 'longtask' });
`;
