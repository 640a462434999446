/** `oichat webhooks create|list|update|delete|rotate-secret` for a project, straight on its database. */
import { AppError, errors } from '../errors/app-error.js';
import { EVENT_TYPES, type EventType, type ProjectContext } from '../services/models.js';
import type { Services } from '../services/index.js';
import type { CliFlags } from './flags.js';
import { withServices } from './open-services.js';
import { UsageError, unknownCommand } from './usage-error.js';

const WEBHOOK_COMMANDS = ['create', 'list', 'update', 'delete', 'rotate-secret'].map((c) => `webhooks ${c}`);

/** `--event-types`, named as the API's and the SDK's `event_types`; `--events` is refused with the right name. */
function eventTypes(flags: CliFlags): EventType[] | null | undefined {
  if (flags.events !== undefined)
    throw new UsageError('--events is not a flag; the flag is --event-types (as event_types in the API).');
  const text = flags['event-types'];
  if (text === undefined) return undefined;
  if (text === 'all') return null;
  const types = text.split(',').map((t) => t.trim());
  const unknown = types.filter((t) => !(EVENT_TYPES as readonly string[]).includes(t));
  if (unknown.length > 0)
    throw new UsageError(
      `--event-types: unknown event type ${unknown.join(', ')}; known: ${EVENT_TYPES.join(', ')}, or all.`,
    );
  return types as EventType[];
}

function need(value: string | undefined, flag: string, command: string): string {
  if (!value) throw new UsageError(`webhooks ${command} needs ${flag}.`);
  return value;
}

async function run(
  flags: CliFlags,
  command: string,
  fn: (s: Services, ctx: ProjectContext) => Promise<unknown>,
): Promise<number> {
  const ctx = { projectId: need(flags.project, '--project ID', command) };
  let database = '';
  try {
    const result = await withServices(flags.database, async (s, opened) => {
      database = opened.database;
      if (!(await s.projects.find(ctx.projectId))) throw errors.projectNotFound(ctx.projectId);
      return fn(s, ctx);
    });
    // The API's answer, with the database it came from (a list under `data`, as the API pages it).
    const shown = { database, ...(Array.isArray(result) ? { data: result } : (result as object)) };
    process.stdout.write(`${JSON.stringify(shown, null, flags.json ? undefined : 2)}\n`);
    return 0;
  } catch (err) {
    // Rule violations (a bad URL, an unknown project or endpoint) read as the API would say them.
    if (err instanceof AppError) {
      const fields = err.details?.map((d) => `${d.field}: ${d.message}`).join('; ');
      console.error(`oichat: ${fields ?? err.message}${err.status === 404 ? ` (database: ${database})` : ''}`);
      return 1;
    }
    throw err;
  }
}

export function webhooksCommand(sub: string, flags: CliFlags): Promise<number> {
  switch (sub) {
    case 'create':
      return run(flags, sub, async (s, ctx) => {
        const { endpoint, secret } = await s.webhooks.create(ctx, {
          url: need(flags.url, '--url URL', sub),
          event_types: eventTypes(flags),
          description: flags.description,
        });
        return { ...endpoint, secret };
      });
    case 'list':
      return run(flags, sub, (s, ctx) => s.webhooks.list(ctx));
    case 'update':
      return run(flags, sub, (s, ctx) =>
        s.webhooks.update(ctx, need(flags.endpoint, '--endpoint ID', sub), {
          url: flags.url,
          event_types: eventTypes(flags),
          description: flags.description,
          enabled: flags.enable ? true : flags.disable ? false : undefined,
        }),
      );
    case 'delete':
      return run(flags, sub, async (s, ctx) => {
        await s.webhooks.delete(ctx, need(flags.endpoint, '--endpoint ID', sub));
        return { deleted: true };
      });
    case 'rotate-secret':
      return run(flags, sub, (s, ctx) => s.webhooks.rotateSecret(ctx, need(flags.endpoint, '--endpoint ID', sub)));
    default:
      throw unknownCommand(`webhooks ${sub}`, WEBHOOK_COMMANDS);
  }
}
