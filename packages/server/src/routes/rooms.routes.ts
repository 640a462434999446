/** /v1/rooms…: create, list, get, update, delete, and participants. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { projectOf } from '../http/request-context.js';
import { LIMITS } from '../services/limits.js';
import { MAX_METADATA_FILTERS } from '../services/rooms.service.js';
import { typed, type RouteDeps } from './route-deps.js';
import { JsonObjectSchema, Limit, RoomId, RoomPage, UserId, withErrors } from './schemas.js';

const RoomRef = (description: string) => Type.Unsafe({ $ref: 'Room#', description });
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

const UserBody = Type.Object({ user_id: UserId }, { additionalProperties: false });

const LeaveResult = Type.Object(
  {
    room_id: Type.String(),
    user_id: Type.String(),
    destroyed: Type.Boolean({ description: 'True when the room was deleted because nobody was left' }),
  },
  { description: 'Who left which room, and whether the room is gone' },
);

export async function roomsRoutes(app: FastifyInstance, { services, idempotent }: RouteDeps): Promise<void> {
  const r = typed(app);
  const rooms = services.rooms;

  r.post(
    '/v1/rooms',
    {
      schema: {
        tags: ['rooms'],
        operationId: 'rooms_create',
        summary: 'Create a room (a direct room that exists for the pair is returned with 200)',
        body: CreateRoomBody,
        response: withErrors({
          200: RoomRef('The direct room that already existed for the pair'),
          201: RoomRef('The new room'),
        }),
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
        operationId: 'rooms_list',
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
      schema: {
        tags: ['rooms'],
        operationId: 'rooms_get',
        summary: 'Get a room',
        params: RoomParams,
        response: withErrors({ 200: RoomRef('The room') }),
        errorCodes: ['room_not_found'],
      },
    },
    (request) => rooms.get(projectOf(request), request.params.room_id),
  );

  r.patch(
    '/v1/rooms/:room_id',
    {
      schema: {
        tags: ['rooms'],
        operationId: 'rooms_update',
        summary: 'Update name, metadata or status',
        params: RoomParams,
        body: UpdateRoomBody,
        response: withErrors({ 200: RoomRef('The room as updated') }),
        errorCodes: ['room_not_found'],
      },
    },
    (request) => rooms.update(projectOf(request), request.params.room_id, request.body),
  );

  r.delete(
    '/v1/rooms/:room_id',
    {
      schema: {
        tags: ['rooms'],
        operationId: 'rooms_delete',
        summary: 'Soft-delete a room',
        params: RoomParams,
        response: withErrors({ 204: Type.Null({ description: 'The room is deleted (no body)' }) }),
        errorCodes: ['room_not_found'],
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
        operationId: 'rooms_addParticipant',
        summary: 'Add a participant (a no-op for a current one)',
        params: RoomParams,
        body: UserBody,
        response: withErrors({ 200: RoomRef('The room with the participant') }),
        errorCodes: ['room_not_found', 'room_full', 'direct_room_participants_fixed'],
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
        operationId: 'rooms_removeParticipant',
        summary: 'Remove a participant',
        params: Type.Object({ room_id: RoomId, user_id: UserId }),
        response: withErrors({ 200: RoomRef('The room without the participant') }),
        errorCodes: ['room_not_found', 'direct_room_participants_fixed', 'participant_not_found'],
      },
    },
    (request) => rooms.removeParticipant(projectOf(request), request.params.room_id, request.params.user_id),
  );

  r.post(
    '/v1/rooms/:room_id/leave',
    {
      schema: {
        tags: ['rooms'],
        operationId: 'rooms_leave',
        summary: 'A participant leaves; the room is deleted when nobody is left',
        params: RoomParams,
        body: UserBody,
        response: withErrors({ 200: LeaveResult }),
        errorCodes: ['room_not_found', 'participant_not_found'],
      },
    },
    (request, reply) =>
      idempotent(request, reply, async () => ({
        status: 200,
        body: await rooms.leave(projectOf(request), request.params.room_id, request.body.user_id),
      })),
  );
}
