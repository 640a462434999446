/**
 * Who a user id is: display names and avatars. OiChat's end-user API has no user directory (a
 * user's name travels only in their own token), so the application says who people are:
 * a map, or a function the directory calls with the ids it meets, batched per tick and asked
 * once per id. Without either, people are shown by their user id.
 */
import { Observable } from './observable.js';

export interface UserProfile {
  user_id: string;
  name?: string | null | undefined;
  avatar_url?: string | null | undefined;
}

export type UserResolver = (userIds: string[]) => UserProfile[] | Promise<UserProfile[]>;
/** `users` of the provider: profiles by id, or a resolver. */
export type UsersOption = Readonly<Record<string, Omit<UserProfile, 'user_id'>>> | UserResolver;

export class UserDirectory {
  readonly profiles = new Observable<ReadonlyMap<string, UserProfile>>(new Map());
  readonly #asked = new Set<string>();
  #queue: string[] = [];
  #resolver: UserResolver | undefined;

  constructor(option?: UsersOption) {
    this.configure(option);
  }

  configure(option: UsersOption | undefined): void {
    if (typeof option === 'function') {
      this.#resolver = option;
      return;
    }
    this.#resolver = undefined;
    if (option) this.#merge(Object.entries(option).map(([user_id, p]) => ({ ...p, user_id })));
  }

  /** Makes sure the profile of each id is known or on its way. Safe to call during render. */
  want(userIds: Iterable<string>): void {
    if (!this.#resolver) return;
    for (const id of userIds) {
      if (this.#asked.has(id) || this.profiles.get().has(id)) continue;
      this.#asked.add(id);
      this.#queue.push(id);
    }
    if (this.#queue.length === 0) return;
    const batch = this.#queue;
    this.#queue = [];
    const resolver = this.#resolver;
    // A microtask: every id met while rendering one list goes in one call.
    queueMicrotask(() => {
      void Promise.resolve()
        .then(() => resolver(batch))
        .then(
          (profiles) => this.#merge(profiles),
          () => {
            // Asked again next time they are met: a failing resolver must not blank names for good.
            for (const id of batch) this.#asked.delete(id);
          },
        );
    });
  }

  /** Adds what is known about people from elsewhere (a token, the app). */
  #merge(profiles: readonly UserProfile[]): void {
    if (profiles.length === 0) return;
    this.profiles.update((current) => {
      const next = new Map(current);
      for (const p of profiles) if (p && typeof p.user_id === 'string') next.set(p.user_id, p);
      return next;
    });
  }

  name(userId: string): string {
    return this.profiles.get().get(userId)?.name || userId;
  }
}
