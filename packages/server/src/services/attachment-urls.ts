/**
 * Signed, expiring download URLs: `…/v1/attachments/<id>/content?expires=<unix s>&signature=…`
 * (or `/thumbnail`). The signature is an HMAC over the id, the variant and the expiry under a
 * key derived from the master key, so every node of a cluster signs and checks alike, and an
 * altered id, variant or expiry fails the check before anything is looked up.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { errors } from '../errors/app-error.js';
import type { Clock } from './clock.js';

export type Variant = 'content' | 'thumbnail';

export interface SignedUrl {
  url: string;
  expires_at: string;
}

export class AttachmentUrls {
  constructor(
    private readonly key: Buffer,
    /** The base URL clients reach the server at (the public URL, else the listening address). */
    private readonly baseUrl: () => string,
    private readonly lifetimeSeconds: number,
    private readonly clock: Clock,
  ) {}

  #signature(attachmentId: string, variant: Variant, expires: number): string {
    return createHmac('sha256', this.key)
      .update(`oichat-attachment-v1\n${attachmentId}\n${variant}\n${expires}`)
      .digest('base64url');
  }

  sign(attachmentId: string, variant: Variant): SignedUrl {
    const expires = Math.floor(this.clock.now() / 1000) + this.lifetimeSeconds;
    const signature = this.#signature(attachmentId, variant, expires);
    return {
      url: `${this.baseUrl()}/v1/attachments/${attachmentId}/${variant}?expires=${expires}&signature=${signature}`,
      expires_at: new Date(expires * 1000).toISOString(),
    };
  }

  /** Throws download_url_invalid or download_url_expired; returns the seconds the URL has left. */
  verify(attachmentId: string, variant: Variant, expires: string | undefined, signature: string | undefined): number {
    if (expires === undefined || signature === undefined || !/^\d{1,12}$/.test(expires))
      throw errors.downloadUrlInvalid();
    const expected = Buffer.from(this.#signature(attachmentId, variant, Number(expires)));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw errors.downloadUrlInvalid();
    const left = Number(expires) - Math.floor(this.clock.now() / 1000);
    if (left <= 0) throw errors.downloadUrlExpired();
    return left;
  }
}
