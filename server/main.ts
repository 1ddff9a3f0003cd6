import { createFleetlight } from './app';
import { ConfigError, loadConfig } from './config';
import { redactDatabaseUrl } from './db/postgres';
import { startDemo } from './demo/start';
import { createLogger } from './log';
import { createWeb, ensureBuilt } from './web';

/**
 * `npm start`: build the dashboard if needed, open the database, start the
 * demo fleets and serve everything on one port.
 */
async function main(): Promise<void> {
  ignoreClosedPipes();
  const dev = process.argv.includes('--dev');
  const config = loadConfig(process.env, { dev });
  const log = createLogger(config.logLevel);

  if (!dev) {
    Object.assign(process.env, { NODE_ENV: 'production' });
    ensureBuilt(log);
  }
  const web = await createWeb({ dev });
  const app = await createFleetlight(config, log, web);
  const demo = config.demo ? await startDemo(app, log.child('demo')) : undefined;
  const base = await app.listen();

  const database = config.databaseUrl
    ? redactDatabaseUrl(config.databaseUrl)
    : config.dataDir;
  log.info('fleetlight listening', { url: base, database });
  if (demo) process.stdout.write(demo.banner(config.publicUrl ?? base));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      log.warn('second signal: exiting without waiting', { signal });
      process.exit(1);
    }
    stopping = true;
    log.info('shutting down', { signal });
    // Never hang: whatever has not closed in time is abandoned.
    setTimeout(() => {
      log.error('shutdown took over 10 s; exiting anyway');
      process.exit(1);
    }, 10_000).unref();
    app.close().then(
      () => process.exit(0),
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
