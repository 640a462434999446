/** /v1/rooms…: create, list, get, update, delete, and participants. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { projectOf } from '../http/request-context.js';
import { LIMITS } from '../services/limits.js';
import { MAX_METADATA_FILTERS } from '../services/rooms.service.js';
import { typed, type RouteDeps } from './route-deps.js';
import { JsonObjectSchema, Limit, RoomId, UserId, withErrors } from './schemas.js';

const RoomRef = Type.Unsafe({ $ref: 'Room#' });
const RoomParams = Type.Object({ room_id: RoomId });

const CreateRoomBody = Type.Object(
  {
    type: Type.Enum(['direct', 'group']),
    name: Type.Optional(Type.String({ maxLength: LIMITS.nameLength })),
    participants: Type.Array(UserId, {
      minItems: LIMITS.minParticipants,
      maxItems: LIMITS.maxParticipants,
      description: 'direct: exactly 2; group: 2–500; no duplicates',
    }),
    metadata: Type.Optional(JsonObjectSchema),
  },
  { additionalProperties: false },
);

const UpdateRoomBody = Type.Object(
  {
    name: Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength: LIMITS.nameLength })),
    metadata: Type.Optional(JsonObjectSchema),
    status: Type.Optional(Type.Enum(['open', 'resolved'])),
  },
  { additionalProperties: false, minProperties: 1 },
);

const ListQuery = Type.Object(
  {
    user_id: Type.Optional(UserId),
    type: Type.Optional(Type.Enum(['direct', 'group'], { description: 'Only rooms of this type' })),
    status: Type.Optional(Type.Enum(['open', 'resolved'], { description: 'Only rooms with this status' })),
    metadata: Type.Optional(
      Type.Array(Type.String({ minLength: 2, maxLength: LIMITS.metadataFilterLength }), {
        maxItems: MAX_METADATA_FILTERS,
        description: `key=value: only rooms whose top-level metadata key has this value (a string, or a number or boolean as JSON writes it). Repeat for several (all must hold), up to ${MAX_METADATA_FILTERS}`,
      }),
    ),
    limit: Type.Optional(Limit(LIMITS.pageDefault)),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
  },
  { additionalProperties: false },
);

const RoomPage = Type.Object({
  data: Type.Array(RoomRef),
  next_cursor: Type.Unsafe<string | null>({ type: ['string', 'null'] }),
  has_more: Type.Boolean(),
});

const UserBody = Type.Object({ user_id: UserId }, { additionalProperties: false });

const LeaveResult = Type.Object({ room_id: Type.String(), user_id: Type.String(), destroyed: Type.Boolean() });

export async function roomsRoutes(app: FastifyInstance, { services, idempotent }: RouteDeps): Promise<void> {
  const r = typed(app);
  const rooms = services.rooms;

  r.post(
    '/v1/rooms',
    {
      schema: {
        tags: ['rooms'],
        summary: 'Create a room (a direct room that exists for the pair is returned with 200)',
        body: CreateRoomBody,
        response: withErrors({ 200: RoomRef, 201: RoomRef }),
      },
    },
    (request, reply) =>
      idempotent(request, reply, async () => {
        const { room, created } = await rooms.create(projectOf(request), request.body);
        return { status: created ? 201 : 200, body: room };
      }),
  );

  r.get(
    '/v1/rooms',
    {
      schema: {
        tags: ['rooms'],
        summary: "Every room of the project, or a user's rooms, most recent activity first",
        description:
          'With user_id: the rooms the user participates in; without: every live room of the project. Narrowed by type, status and metadata key=value filters. Paging is a snapshot taken at the first page: rooms created or changed while paging appear at most once, at their position as of the first page.',
        querystring: ListQuery,
        response: withErrors({ 200: RoomPage }),
      },
    },
    (request) => rooms.list(projectOf(request), request.query),
  );

  r.get(
    '/v1/rooms/:room_id',
    {
      schema: { tags: ['rooms'], summary: 'Get a room', params: RoomParams, response: withErrors({ 200: RoomRef }) },
    },
    (request) => rooms.get(projectOf(request), request.params.room_id),
  );

  r.patch(
    '/v1/rooms/:room_id',
    {
      schema: {
        tags: ['rooms'],
        summary: 'Update name, metadata or status',
        params: RoomParams,
        body: UpdateRoomBody,
        response: withErrors({ 200: RoomRef }),
      },
    },
    (request) => rooms.update(projectOf(request), request.params.room_id, request.body),
  );

  r.delete(
    '/v1/rooms/:room_id',
    {
      schema: {
        tags: ['rooms'],
        summary: 'Soft-delete a room',
        params: RoomParams,
        response: withErrors({ 204: Type.Null() }),
      },
    },
    async (request, reply) => {
      await rooms.delete(projectOf(request), request.params.room_id);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/v1/rooms/:room_id/participants',
    {
      schema: {
        tags: ['rooms'],
        summary: 'Add a participant (a no-op for a current one)',
        params: RoomParams,
        body: UserBody,
        response: withErrors({ 200: RoomRef }),
      },
    },
    (request, reply) =>
      idempotent(request, reply, async () => ({
        status: 200,
        body: await rooms.addParticipant(projectOf(request), request.params.room_id, request.body.user_id),
      })),
  );

  r.delete(
    '/v1/rooms/:room_id/participants/:user_id',
    {
      schema: {
        tags: ['rooms'],
        summary: 'Remove a participant',
        params: Type.Object({ room_id: RoomId, user_id: UserId }),
        response: withErrors({ 200: RoomRef }),
      },
    },
    (request) => rooms.removeParticipant(projectOf(request), request.params.room_id, request.params.user_id),
  );

  r.post(
    '/v1/rooms/:room_id/leave',
    {
      schema: {
        tags: ['rooms'],
        summary: 'A participant leaves; the room is deleted when nobody is left',
        params: RoomParams,
        body: UserBody,
        response: withErrors({ 200: LeaveResult }),
      },
    },
    (request, reply) =>
      idempotent(request, reply, async () => ({
        status: 200,
        body: await rooms.leave(projectOf(request), request.params.room_id, request.body.user_id),
      })),
  );
}
