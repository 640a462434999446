/**
 * A running server: opens the store, wires services, builds the app, listens, and shuts down
 * gracefully (in-flight requests finish, then the database closes).
 */
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { buildApp, FASTIFY_LISTEN_TEXT } from './app.js';
import { isPostgresUrl, type Config } from './config.js';
import { SecretBox } from './crypto/secret-box.js';
import { loadMasterKey } from './crypto/master-key.js';
import type { Clock } from './services/clock.js';
import { createServices, type Services } from './services/index.js';
import { startMaintenance } from './services/maintenance.js';
import type { ProjectCredentials } from './services/models.js';
import type { HostResolver } from './services/webhook-transport.js';
import { describeLooseFile, looseDataFiles } from './store/data-files.js';
import { describeDatabase, openStore, redactUrl } from './store/open-store.js';
import { VERSION } from './version.js';
import { RedisBus } from './cluster/redis-bus.js';
import type { Store } from './store/store.js';
import { openStorage } from './storage/open-storage.js';
import { DEFAULT_ALLOWED_TYPES } from './services/attachment-types.js';

export class RedisUnavailableError extends Error {}

const SHUTDOWN_PROGRESS_EVERY_MS = 5_000;

function openConnections(app: FastifyInstance): Promise<number> {
  return new Promise((resolve) => app.server.getConnections((err, n) => resolve(err ? -1 : n)));
}

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  store: Store;
  services: Services;
  /** Set when the database had no project and `default` was created. */
  createdProject: ProjectCredentials | null;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: FastifyServerOptions['logger'];
  /** Create a `default` project when the database has none (the CLI does). */
  ensureDefaultProject?: boolean;
  /** The time the server keeps (the system's by default): tests move it through the promised lifetimes. */
  clock?: Clock;
  /** How webhook target host names are resolved; DNS unless given (tests stand in for DNS here). */
  webhookResolver?: HostResolver;
}

export async function startServer(config: Config, opts: StartOptions = {}): Promise<RunningServer> {
  // The key first: a missing one is a configuration error, reported before any connection.
  const box = new SecretBox(
    loadMasterKey({ env: process.env, dataDir: config.dataDir, shared: isPostgresUrl(config.database) }),
  );
  // Data files others can read, as they were before this start (a new database is made 0600).
  const looseFiles = config.dataDir ? looseDataFiles(config.database) : [];
  // Until the app (and its logger) exists, there is nothing to log to.
  let log: (err: unknown, what: string) => void = () => {};
  const store = await openStore(config.database, {
    onConnectionError: (err) => log(err, 'database connection lost; the pool opens a new one'),
    checkpointInBackground: { onError: (err) => log(err, 'SQLite WAL checkpoint failed; the next one tries again') },
  });
  let publicUrl = config.publicUrl ?? '';
  const opened = await openStorage(config.attachments).catch(async (err: unknown) => {
    await store.close();
    throw err;
  });
  const services = createServices(store, box, {
    attachments: {
      storage: opened.storage,
      settings: {
        maxBytes: config.attachments.maxBytes,
        allowedTypes: config.attachments.allowedTypes ?? DEFAULT_ALLOWED_TYPES,
        graceMs: config.attachments.graceHours * 3_600_000,
        spoolDir: opened.spoolDir,
      },
      urlLifetimeSeconds: config.attachments.urlLifetimeSeconds,
      baseUrl: () => publicUrl,
    },
    issuerFor: (projectId) => `${publicUrl}/v1/projects/${projectId}`,
    maxRoomParticipants: config.maxRoomParticipants,
    webhooks: {
      allowPrivate: config.webhooks.allowPrivate,
      ...(config.webhooks.retryScheduleMs && { retryScheduleMs: config.webhooks.retryScheduleMs }),
      timeoutMs: config.webhooks.timeoutMs,
      concurrency: config.webhooks.concurrency,
      perProjectConcurrency: config.webhooks.perProjectConcurrency,
      perEndpointConcurrency: config.webhooks.perEndpointConcurrency,
      ...(opts.webhookResolver && { resolve: opts.webhookResolver }),
    },
    onError: (err) => log(err, 'webhook delivery failed'),
    ...(opts.clock && { clock: opts.clock }),
  });

  let bus: RedisBus | undefined;
  let resync: NodeJS.Timeout | undefined;
  // Set once the app is built; Redis can drop and come back before that, with nothing to redo yet.
  let hub: FastifyInstance['realtime']['hub'] | undefined;
  if (config.redis) {
    bus = new RedisBus(
      config.redis,
      {
        onRemote: (signal) => services.events.emitRemote(signal),
        onReconnect: () => {
          if (!hub) return;
          void bus!.rejoin(hub.connectedUsers()).catch((err) => log(err, 'presence re-announce failed'));
          void hub.resync({ memberships: true }).catch((err) => log(err, 'realtime resync failed'));
        },
        onOffline: (projectId, userId) =>
          void services.rooms.memberships({ projectId }, userId).then(
            (rooms) =>
              services.events.publish({
                kind: 'presence',
                projectId,
                userId,
                state: 'offline',
                roomIds: rooms.map((r) => r.room_id),
              }),
            (err) => log(err, 'presence clean-up failed'),
          ),
        onError: (err) => log(err, 'redis bus error'),
      },
      config.clusterHeartbeatMs,
    );
    try {
      await bus.start();
    } catch (err) {
      await store.close();
      await opened.close();
      throw new RedisUnavailableError(`Cannot reach Redis at ${redactUrl(config.redis)}: ${(err as Error).message}`);
    }
    services.events.connectBus(bus);
  }

  const app = await buildApp({ config, store, services, bus, logger: opts.logger });
  hub = app.realtime.hub;
  if (config.redis && config.attachments.storage === 'disk')
    app.log.warn(
      { attachments_dir: config.attachments.dir },
      'cluster mode with disk attachment storage: every node must mount this folder from one shared file system, or set OICHAT_STORAGE=s3 (docs/deployment.md)',
    );
  for (const loose of looseFiles)
    app.log.warn({ file: loose.file, mode: loose.mode.toString(8) }, describeLooseFile(loose));
  let createdProject: ProjectCredentials | null = null;
  try {
    await app.listen({ host: config.host, port: config.port, listenTextResolver: () => FASTIFY_LISTEN_TEXT });
    // Only once the port is ours: a first start that cannot listen must not leave a project
    // behind whose secret key it never printed (the next start prints none).
    if (opts.ensureDefaultProject) createdProject = await services.projects.createFirst('default');
  } catch (err) {
    await app.close();
    await store.close();
    await opened.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const reachableHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${reachableHost.includes(':') ? `[${reachableHost}]` : reachableHost}:${port}`;
  publicUrl = config.publicUrl ?? url;

  log = (err, what) => app.log.error({ err }, what);
  app.log.info(
    {
      url,
      ...(config.publicUrl && { public_url: config.publicUrl }),
      database: describeDatabase(config.database),
      ...(config.redis && { redis: redactUrl(config.redis) }),
      version: VERSION,
    },
    'server started',
  );
  const stopMaintenance = startMaintenance(services, undefined, (err) => log(err, 'maintenance failed'));
  services.dispatcher.start();
  if (bus) {
    // A safety net under pub/sub: whatever publication a node missed, it catches up within seconds.
    resync = setInterval(
      () => void app.realtime.hub.resync().catch((err) => log(err, 'realtime resync failed')),
      5_000,
    );
    resync.unref();
  }
  let closing: Promise<void> | null = null;
  return {
    app,
    url,
    store,
    services,
    createdProject,
    close() {
      closing ??= (async () => {
        stopMaintenance();
        if (resync) clearInterval(resync);
        // The dispatcher starts no delivery from now on: its wait for those in flight (at most
        // the webhook timeout) runs alongside the HTTP one, so the two add up to the longer.
        const webhooksStopped = services.dispatcher.stop();
        webhooksStopped.catch(() => {}); // its failure is the webhooks step's, below
        // Every step runs even when one before it fails: a server that could not finish its
        // requests must still let go of its database connections.
        const steps: [string, () => unknown][] = [
          ['http', () => app.close()],
          ['webhooks', () => webhooksStopped],
          ['redis', () => bus?.close()],
          ['database', () => store.close()],
          ['attachment storage', () => opened.close()],
        ];
        let failure: unknown;
        for (const [name, step] of steps) {
          // A step that takes long is named in the log, so an operator (or a test) sees what holds
          // the shutdown: for HTTP, the connections whose answers are still going out.
          const slow = setInterval(async () => {
            const waitingFor = name === 'http' ? { open_connections: await openConnections(app) } : {};
            app.log.warn({ step: name, ...waitingFor }, 'shutdown still waiting');
          }, SHUTDOWN_PROGRESS_EVERY_MS);
          slow.unref();
          await Promise.resolve()
            .then(step)
            .catch((err: unknown) => {
              failure ??= err;
            })
            .finally(() => clearInterval(slow));
        }
        if (failure !== undefined) throw failure;
      })();
      return closing;
    },
  };
}
