/**
 * Files being attached to the next message of a room: each uploads at once (with its progress),
 * can be removed (an upload in flight is aborted) or retried, and the ready ones go with the
 * message when it is sent. One queue per room, so a file dropped on the room and the composer's
 * button fill the same one.
 */
import type { FeatureCalls } from './features.js';
import type { Attachment } from './model.js';
import { Observable } from './observable.js';

export interface UploadItem {
  id: string;
  name: string;
  size: number;
  mimeType: string;
  /** 0…1 */
  progress: number;
  status: 'uploading' | 'ready' | 'failed';
  attachment?: Attachment | undefined;
  error?: unknown;
  /** A local URL of an image, to show it before it is sent. */
  preview?: string | undefined;
}

let ids = 0;

export class UploadQueue {
  readonly items = new Observable<readonly UploadItem[]>([]);
  readonly #files = new Map<string, Blob>();
  readonly #aborts = new Map<string, AbortController>();

  constructor(
    readonly roomId: string,
    private readonly calls: FeatureCalls,
  ) {}

  add(files: Iterable<File>): void {
    for (const file of files) {
      const id = `upload-${++ids}`;
      this.#files.set(id, file);
      const preview = file.type.startsWith('image/') ? localUrl(file) : undefined;
      this.items.update((list) => [
        ...list,
        {
          id,
          name: file.name || 'file',
          size: file.size,
          mimeType: file.type,
          progress: 0,
          status: 'uploading',
          preview,
        },
      ]);
      this.#start(id);
    }
  }

  retry(id: string): void {
    if (this.items.get().find((i) => i.id === id)?.status !== 'failed') return;
    this.#patch(id, { status: 'uploading', progress: 0, error: undefined });
    this.#start(id);
  }

  remove(id: string): void {
    this.#aborts.get(id)?.abort();
    this.#drop([id]);
  }

  get busy(): boolean {
    return this.items.get().some((i) => i.status === 'uploading');
  }

  /** The ready attachments, taken out of the queue (they go with the message being sent). */
  take(): Attachment[] {
    const ready = this.items.get().filter((i) => i.status === 'ready' && i.attachment);
    this.#drop(ready.map((i) => i.id));
    return ready.map((i) => i.attachment!);
  }

  #start(id: string): void {
    const file = this.#files.get(id);
    if (!file) return;
    const abort = new AbortController();
    this.#aborts.set(id, abort);
    this.calls
      .upload(this.roomId, file, {
        signal: abort.signal,
        onProgress: ({ loaded, total }) => this.#patch(id, { progress: total > 0 ? Math.min(1, loaded / total) : 0 }),
      })
      .then(
        (attachment) => this.#patch(id, { status: 'ready', progress: 1, attachment }),
        (error: unknown) => {
          if (!abort.signal.aborted) this.#patch(id, { status: 'failed', error });
        },
      )
      .finally(() => this.#aborts.delete(id));
  }

  #patch(id: string, patch: Partial<UploadItem>): void {
    this.items.update((list) => list.map((i) => (i.id === id ? { ...i, ...patch } : i)));
  }

  #drop(dropped: string[]): void {
    if (dropped.length === 0) return;
    const gone = new Set(dropped);
    for (const item of this.items.get()) {
      if (gone.has(item.id) && item.preview && typeof URL.revokeObjectURL === 'function')
        URL.revokeObjectURL(item.preview);
    }
    for (const id of gone) this.#files.delete(id);
    this.items.update((list) => list.filter((i) => !gone.has(i.id)));
  }
}

/** A local URL for a picked image; none where the platform cannot make one (a test DOM, a server). */
function localUrl(file: Blob): string | undefined {
  try {
    return typeof URL.createObjectURL === 'function' ? URL.createObjectURL(file) : undefined;
  } catch {
    return undefined;
  }
}
