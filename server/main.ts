import { createFleetlight, type WebHandlers } from './app';
import { ConfigError, loadConfig } from './config';
import { redactDatabaseUrl } from './db/postgres';
import { startDemo } from './demo/start';
import { createLogger, type Logger } from './log';

/**
 * `npm start`: build the dashboard if needed, open the database, start the
 * demo fleets and serve everything on one port. With WEB=off the pages are
 * left to a standalone Next.js server beside this one (docs/OPERATIONS.md).
 */
async function main(): Promise<void> {
  ignoreClosedPipes();
  const dev = process.argv.includes('--dev');
  const config = loadConfig(process.env, { dev });
  const log = createLogger(config.logLevel);

  if (!dev) Object.assign(process.env, { NODE_ENV: 'production' });
  const web = config.web ? await startWeb(dev, log) : undefined;
  const app = await createFleetlight(config, log, web);
  const demo = config.demo ? await startDemo(app, log.child('demo')) : undefined;
  const base = await app.listen();

  const database = config.databaseUrl
    ? redactDatabaseUrl(config.databaseUrl)
    : config.dataDir;
  log.info('fleetlight listening', { url: base, database, web: config.web });
  if (demo) process.stdout.write(demo.banner(config.publicUrl ?? base));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      log.warn('second signal: exiting without waiting', { signal });
      process.exit(1);
    }
    stopping = true;
    log.info('shutting down', { signal, drainMs: config.shutdownDrainMs });
    // Never hang: whatever has not closed in time is abandoned. The drain
    // has its own limit; this one covers what comes after it.
    const limitMs = config.shutdownDrainMs + 10_000;
    setTimeout(() => {
      log.error('shutdown took too long; exiting anyway', { limitMs });
      process.exit(1);
    }, limitMs).unref();
    app.close().then(
      () => {
        log.info('shut down cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        log.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/**
 * Next.js, loaded only when this process serves the pages: with WEB=off
 * the realtime server neither builds nor imports it.
 */
async function startWeb(dev: boolean, log: Logger): Promise<WebHandlers> {
  const { createWeb, ensureBuilt } = await import('./web');
  if (!dev) ensureBuilt(log);
  return createWeb({ dev });
}

/**
 * When whoever reads our output goes away (`npm start | head`), writes fail
 * with EPIPE. Losing log lines is fine; crashing, or spinning while
 * reporting the failure to the same closed pipe, is not.
 */
function ignoreClosedPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      stream.destroy();
    });
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\nSee the configuration table in README.md.\n`);
  } else {
    process.stderr.write(`Fleetlight failed to start: ${String(error)}\n`);
    if (error instanceof Error && error.cause) {
      process.stderr.write(`Cause: ${String(error.cause)}\n`);
    }
  }
  process.exit(1);
});
