/**
 * The store: persistence only, no rules. One Kysely instance shared by per-table stores, and a
 * transaction scope carried in AsyncLocalStorage so a service can compose several store calls
 * (and the idempotency layer can wrap a whole service call) in one transaction without
 * threading a handle through every signature.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type Kysely, type Transaction } from 'kysely';
import { migrateToLatest } from './migrations/index.js';
import type { Database } from './schema.js';
import { ProjectsStore } from './projects.store.js';
import { UsersStore } from './users.store.js';
import { RoomActivityStore } from './room-activity.store.js';
import { RoomsStore } from './rooms.store.js';
import { MessagesStore } from './messages.store.js';
import { IdempotencyStore } from './idempotency.store.js';
import { EventsStore } from './events.store.js';
import { WebhooksStore } from './webhooks.store.js';
import { MessageChangesStore } from './message-changes.store.js';
import { ReactionsStore } from './reactions.store.js';
import { ThreadsStore } from './threads.store.js';
import { AttachmentsStore } from './attachments.store.js';
import { SearchStore } from './search.store.js';
import { GroupCommit } from './group-commit.js';
import type { DirectRun } from './prepared.js';

export type Executor = () => Kysely<Database>;

export type Dialect = 'sqlite' | 'postgres';

interface TransactionScope {
  trx: Transaction<Database>;
  afterCommit: (() => void)[];
}

export class Store {
  readonly #db: Kysely<Database>;
  readonly #scope = new AsyncLocalStorage<TransactionScope>();
  /** SQLite: one writer at a time anyway, so concurrent transactions share their commit. */
  readonly #group: GroupCommit | null;

  readonly projects: ProjectsStore;
  readonly users: UsersStore;
  readonly rooms: RoomsStore;
  readonly roomActivity: RoomActivityStore;
  readonly messages: MessagesStore;
  readonly idempotency: IdempotencyStore;
  readonly events: EventsStore;
  readonly webhooks: WebhooksStore;
  readonly messageChanges: MessageChangesStore;
  readonly reactions: ReactionsStore;
  readonly threads: ThreadsStore;
  readonly attachments: AttachmentsStore;
  readonly search: SearchStore;

  /** Stops what runs beside the connection (the SQLite checkpointer) before it closes. */
  readonly #beforeClose: (() => Promise<void>) | undefined;

  constructor(
    db: Kysely<Database>,
    dialect: Dialect,
    options: {
      /** SQLite: runs a statement on the connection directly (prepared.ts, group-commit.ts). */
      run?: DirectRun;
      beforeClose?: () => Promise<void>;
    } = {},
  ) {
    this.#db = db;
    this.#beforeClose = options.beforeClose;
    this.#group =
      dialect === 'sqlite' ? new GroupCommit(db, (scope, fn) => this.#scope.run(scope, fn), options.run) : null;
    const executor: Executor = () => this.#scope.getStore()?.trx ?? this.#db;
    this.projects = new ProjectsStore(executor, dialect);
    this.users = new UsersStore(executor);
    this.rooms = new RoomsStore(executor, dialect);
    this.roomActivity = new RoomActivityStore(executor, dialect);
    this.messages = new MessagesStore(executor, dialect);
    this.idempotency = new IdempotencyStore(executor);
    this.events = new EventsStore(executor, dialect);
    this.webhooks = new WebhooksStore(executor);
    this.messageChanges = new MessageChangesStore(executor, dialect);
    this.reactions = new ReactionsStore(executor);
    this.threads = new ThreadsStore(executor);
    this.attachments = new AttachmentsStore(executor);
    this.search = new SearchStore(executor, dialect);
  }

  /**
   * SQLite: one connection, whose transactions run one after another (the group commit), so
   * nothing another request writes can come between a transaction's read and its write.
   */
  get writesOneAtATime(): boolean {
    return this.#group !== null;
  }

  /**
   * Runs fn in a transaction; joins the surrounding one when already inside a transaction.
   * On SQLite fn may run more than once: when a transaction after it in its group commit fails
   * having changed rows, the group rolls back and fn runs again (group-commit.ts). So what it
   * does beyond the database goes in afterCommit callbacks, which only the committed run calls.
   */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#scope.getStore()) return fn();
    if (this.#group) return this.#group.run(fn);
    const afterCommit: (() => void)[] = [];
    const result = await this.#db.transaction().execute((trx) => this.#scope.run({ trx, afterCommit }, fn));
    for (const callback of afterCommit) callback();
    return result;
  }

  /**
   * Runs callback once the surrounding transaction has committed (at once outside one), so
   * nobody is told about a change that could still roll back.
   */
  afterCommit(callback: () => void): void {
    const scope = this.#scope.getStore();
    if (scope) scope.afterCommit.push(callback);
    else callback();
  }

  migrate(): Promise<void> {
    return migrateToLatest(this.#db);
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.#db);
  }

  async close(): Promise<void> {
    await this.#beforeClose?.();
    await this.#db.destroy();
  }
}
