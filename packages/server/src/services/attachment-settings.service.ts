/**
 * Each project's own attachment limits: a smaller size limit and a narrower list of types than
 * the server's (the operator's settings are the ceiling a project cannot raise). Without any, a
 * project has the server's.
 */
import { validationFailed, type ErrorDetail } from '../errors/app-error.js';
import type { Store } from '../store/store.js';
import { isoAt, type Clock } from './clock.js';
import type { ProjectContext } from './models.js';

/** What uploads to a project are held to. */
export interface EffectiveLimits {
  maxBytes: number;
  allowedTypes: readonly string[];
}

/** GET/PATCH /v1/attachments/settings: the project's own values (null: the server's) and the server's. */
export interface AttachmentSettingsView {
  max_bytes: number | null;
  allowed_types: string[] | null;
  /** What holds now: the project's value, or the server's. */
  effective: { max_bytes: number; allowed_types: string[] };
  server: { max_bytes: number; allowed_types: string[] };
}

export interface AttachmentSettingsUpdate {
  /** Null: back to the server's. */
  max_bytes?: number | null | undefined;
  allowed_types?: string[] | null | undefined;
}

export class AttachmentSettingsService {
  constructor(
    private readonly store: Store,
    private readonly server: EffectiveLimits,
    private readonly clock: Clock,
  ) {}

  async effective(projectId: string): Promise<EffectiveLimits> {
    const row = await this.store.attachments.settings(projectId);
    const types = row?.allowed_types ? (JSON.parse(row.allowed_types) as string[]) : null;
    return {
      maxBytes: row?.max_bytes === null || row?.max_bytes === undefined ? this.server.maxBytes : Number(row.max_bytes),
      // A type the server stopped allowing is not allowed for the project either.
      allowedTypes: types ? types.filter((t) => this.server.allowedTypes.includes(t)) : this.server.allowedTypes,
    };
  }

  async get(ctx: ProjectContext): Promise<AttachmentSettingsView> {
    const row = await this.store.attachments.settings(ctx.projectId);
    const effective = await this.effective(ctx.projectId);
    return {
      max_bytes: row?.max_bytes === null || row?.max_bytes === undefined ? null : Number(row.max_bytes),
      allowed_types: row?.allowed_types ? (JSON.parse(row.allowed_types) as string[]) : null,
      effective: { max_bytes: effective.maxBytes, allowed_types: [...effective.allowedTypes] },
      server: { max_bytes: this.server.maxBytes, allowed_types: [...this.server.allowedTypes] },
    };
  }

  async update(ctx: ProjectContext, input: AttachmentSettingsUpdate): Promise<AttachmentSettingsView> {
    const problems: ErrorDetail[] = [];
    if (typeof input.max_bytes === 'number' && input.max_bytes > this.server.maxBytes) {
      problems.push({
        field: 'max_bytes',
        rule: 'maximum',
        message: `must be at most this server's limit, ${this.server.maxBytes} bytes, got ${input.max_bytes}`,
      });
    }
    for (const [i, type] of (input.allowed_types ?? []).entries()) {
      if (!this.server.allowedTypes.includes(type)) {
        problems.push({
          field: `allowed_types.${i}`,
          rule: 'serverAllowed',
          message: `${type} is not allowed on this server; it allows ${this.server.allowedTypes.join(', ')}`,
        });
      }
    }
    if (problems.length > 0) throw validationFailed(problems);
    return this.store.transaction(async () => {
      const current = await this.store.attachments.settings(ctx.projectId);
      await this.store.attachments.saveSettings({
        project_id: ctx.projectId,
        max_bytes: input.max_bytes === undefined ? (current?.max_bytes ?? null) : input.max_bytes,
        allowed_types:
          input.allowed_types === undefined
            ? (current?.allowed_types ?? null)
            : input.allowed_types === null
              ? null
              : JSON.stringify(input.allowed_types),
        updated_at: isoAt(this.clock.now()),
      });
      return this.get(ctx);
    });
  }
}
