/** What every route group receives. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Idempotent } from '../http/idempotent.js';
import type { Services } from '../services/index.js';

export interface RouteDeps {
  services: Services;
  idempotent: Idempotent;
}

export const typed = (app: FastifyInstance) => app.withTypeProvider<TypeBoxTypeProvider>();
