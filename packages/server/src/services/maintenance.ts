/** Periodic clean-up of data whose promised lifetime has passed (idempotency keys, paging log, retired signing keys, expired attachments). */
import type { Services } from './index.js';

export function startMaintenance(
  services: Services,
  intervalMs = 60 * 60 * 1000,
  onError: (err: unknown) => void = () => {},
): () => void {
  const run = () => {
    Promise.all([
      services.idempotency.prune(),
      services.rooms.pruneActivity(),
      services.projects.pruneSigningKeys(),
      services.attachments.sweep(),
    ]).catch(onError);
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
