/**
 * Api-key secrets already unsealed, by their sealed form, so a signed request costs one indexed
 * read of its key row and one HMAC, not an AES-GCM decryption (issue 11: the secret was unsealed
 * on every request). The key row is still read every time: its project and expiry are checked
 * fresh, so a rotation, even one made by the `oichat keys rotate` command on the database while
 * servers run, takes effect at once on every node. A rotated key's new secret has a new sealed
 * form, so nothing stale can be served.
 */
const MAX_ENTRIES = 10_000;

export class SecretCache {
  readonly #bySealed = new Map<string, string>();

  /** The secret sealed as `sealed`, unsealed by `open` the first time. */
  secret(sealed: string, open: (sealed: string) => string): string {
    let secret = this.#bySealed.get(sealed);
    if (secret === undefined) {
      secret = open(sealed);
      // Oldest out first: an unbounded map would grow with every key ever presented.
      if (this.#bySealed.size >= MAX_ENTRIES) this.#bySealed.delete(this.#bySealed.keys().next().value!);
      this.#bySealed.set(sealed, secret);
    }
    return secret;
  }
}
