// The OiChat client: validates the configuration once, then exposes the API as resource
// namespaces sharing one signed, retrying transport.

import { resolveConfig } from './core/config.js';
import { readInternalOptions } from './core/internal.js';
import { Transport } from './core/request.js';
import { Attachments } from './resources/attachments.js';
import { Auth } from './resources/auth.js';
import { Channels } from './resources/channels.js';
import { Messages } from './resources/messages.js';
import { Rooms } from './resources/rooms.js';
import { Users } from './resources/users.js';
import { Webhooks } from './resources/webhooks.js';
import type { OiChatOptions } from './types.js';

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

export class OiChat {
  /** User tokens: `createToken`, `refreshToken`. */
  readonly auth: Auth;
  /** Users: `list`, `get`, `update`, `delete`. */
  readonly users: Users;
  /** Rooms: `create`, `list`, `get`, `update`, `delete`, `addParticipant`, `removeParticipant`, `leave`. */
  readonly rooms: Rooms;
  /** Messages: `send`, `list` (history). */
  readonly messages: Messages;
  /** Attachments: `upload` (files and images for a room), `get` (fresh signed URLs), `settings`, `updateSettings`. */
  readonly attachments: Attachments;
  /** Webhooks: `create`, `list`, `get`, `update`, `delete`, `rotateSecret`, `attempts`, `resend`, and `verify` for deliveries. */
  readonly webhooks: Webhooks;
  /** Channels: `publish` a live event to the users whose token lists the channel. */
  readonly channels: Channels;

  /** Base URL requests go to, without trailing slash. */
  readonly baseUrl: string;
  readonly projectId: string;
  /** Default per-attempt timeout in ms. */
  readonly timeout: number;
  /** Default number of retries. */
  readonly maxRetries: number;

  /** Throws OiChatConfigError, naming the field, when a required option is missing or one is malformed. */
  constructor(config: OiChatOptions) {
    const resolved = resolveConfig(config);
    this.baseUrl = resolved.baseUrl;
    this.projectId = resolved.projectId;
    this.timeout = resolved.timeout;
    this.maxRetries = resolved.maxRetries;
    // Only the transport's signer sees the secret; this object keeps no copy to be logged.
    const transport = new Transport(resolved, readInternalOptions(config));
    this.auth = new Auth(transport);
    this.users = new Users(transport);
    this.rooms = new Rooms(transport);
    this.messages = new Messages(transport);
    this.webhooks = new Webhooks(transport);
    this.attachments = new Attachments(transport);
    this.channels = new Channels(transport);
  }

  /** What console.log / JSON.stringify show: the public settings only. */
  toJSON(): Record<string, unknown> {
    return { baseUrl: this.baseUrl, projectId: this.projectId, timeout: this.timeout, maxRetries: this.maxRetries };
  }

  toString(): string {
    return `OiChat(${this.projectId} @ ${this.baseUrl})`;
  }

  [inspectSymbol](): string {
    return `OiChat ${JSON.stringify(this.toJSON())}`;
  }
}
