/** Wires the services over one store. The only place that knows every service. */
import type { SecretBox } from '../crypto/secret-box.js';
import type { Store } from '../store/store.js';
import { IdempotencyService } from './idempotency.service.js';
import { MessagesService } from './messages.service.js';
import { ProjectsService } from './projects.service.js';
import { RoomsService } from './rooms.service.js';
import { TokensService } from './tokens.service.js';

export interface Services {
  projects: ProjectsService;
  tokens: TokensService;
  rooms: RoomsService;
  messages: MessagesService;
  idempotency: IdempotencyService;
}

export function createServices(store: Store, box: SecretBox, issuerFor: (projectId: string) => string): Services {
  return {
    projects: new ProjectsService(store, box),
    tokens: new TokensService(store, box, issuerFor),
    rooms: new RoomsService(store),
    messages: new MessagesService(store),
    idempotency: new IdempotencyService(store),
  };
}
