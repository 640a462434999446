/** Wires the services over one store. The only place that knows every service. */
import { tmpdir } from 'node:os';
import type { SecretBox } from '../crypto/secret-box.js';
import type { Store } from '../store/store.js';
import { systemClock, type Clock } from './clock.js';
import { AttachmentsService, type AttachmentSettings } from './attachments.service.js';
import { AttachmentSettingsService } from './attachment-settings.service.js';
import { NO_STORAGE, type BlobStorage } from './attachment-storage.js';
import { DEFAULT_ALLOWED_TYPES } from './attachment-types.js';
import { AttachmentUrls } from './attachment-urls.js';
import { EventsService } from './events.service.js';
import { IdempotencyService } from './idempotency.service.js';
import { MessageChangesService } from './message-changes.service.js';
import { MessagesService } from './messages.service.js';
import { ReactionsService } from './reactions.service.js';
import { ThreadsService } from './threads.service.js';
import { SearchService } from './search.service.js';
import { ProjectsService } from './projects.service.js';
import { RoomsService } from './rooms.service.js';
import { TokensService } from './tokens.service.js';
import { UsersService } from './users.service.js';
import { DEFAULT_DISPATCHER_OPTIONS, WebhookDispatcher, type DispatcherOptions } from './webhook-dispatcher.js';
import { WebhooksService } from './webhooks.service.js';

export interface Services {
  projects: ProjectsService;
  tokens: TokensService;
  users: UsersService;
  rooms: RoomsService;
  messages: MessagesService;
  messageChanges: MessageChangesService;
  reactions: ReactionsService;
  threads: ThreadsService;
  attachments: AttachmentsService;
  search: SearchService;
  attachmentSettings: AttachmentSettingsService;
  idempotency: IdempotencyService;
  events: EventsService;
  webhooks: WebhooksService;
  dispatcher: WebhookDispatcher;
  /** The time the services keep (the system's, unless the server was started with another). */
  clock: Clock;
}

export interface ServiceOptions {
  issuerFor: (projectId: string) => string;
  maxRoomParticipants?: number;
  webhooks?: Partial<DispatcherOptions>;
  onError?: (err: unknown) => void;
  clock?: Clock;
  /** Where attachments are stored and their limits; without it uploads answer storage_unavailable. */
  attachments?: {
    storage: BlobStorage;
    settings: AttachmentSettings;
    /** Seconds a download URL is valid. */
    urlLifetimeSeconds: number;
    /** The base URL download URLs start with. */
    baseUrl: () => string;
  };
}

export function createServices(store: Store, box: SecretBox, options: ServiceOptions): Services {
  const clock = options.clock ?? systemClock;
  const dispatcherOptions = { ...DEFAULT_DISPATCHER_OPTIONS, ...options.webhooks };
  const dispatcher = new WebhookDispatcher(store, box, dispatcherOptions, options.onError, clock);
  const events = new EventsService(store);
  // New outbox rows wake the dispatcher at once instead of at its next poll; an event no endpoint
  // wants costs it nothing.
  events.subscribe((signal) => {
    if (signal.kind === 'event' && signal.deliveries > 0) dispatcher.wake();
  });
  const rooms = new RoomsService(store, events, options.maxRoomParticipants, clock);
  const a = options.attachments;
  const settings = a?.settings ?? {
    maxBytes: 25 * 1024 * 1024,
    allowedTypes: DEFAULT_ALLOWED_TYPES,
    graceMs: 86_400_000,
    spoolDir: tmpdir(),
  };
  const attachmentSettings = new AttachmentSettingsService(store, settings, clock);
  const urls = new AttachmentUrls(
    box.deriveKey('attachment-urls'),
    a?.baseUrl ?? (() => ''),
    a?.urlLifetimeSeconds ?? 3600,
    clock,
  );
  const attachments = new AttachmentsService(
    store,
    a?.storage ?? NO_STORAGE,
    urls,
    settings,
    clock,
    attachmentSettings,
  );
  const messages = new MessagesService(store, events, attachments);
  return {
    projects: new ProjectsService(store, box),
    tokens: new TokensService(store, box, options.issuerFor),
    users: new UsersService(store, events, rooms, messages),
    rooms,
    messages,
    messageChanges: new MessageChangesService(store, events, attachments),
    reactions: new ReactionsService(store, events, attachments),
    threads: new ThreadsService(store, attachments),
    attachments,
    search: new SearchService(store, attachments),
    attachmentSettings,
    idempotency: new IdempotencyService(store, box, clock),
    events,
    webhooks: new WebhooksService(store, box, dispatcherOptions.allowPrivate, () => dispatcher.wake(), clock),
    dispatcher,
    clock,
  };
}
