/**
 * Who gets the dispatcher's free delivery slots: projects take turns, one slot each per round,
 * the one served longest ago first; within a project its endpoints take turns the same way. No
 * project holds more than its cap of slots, no endpoint more than its own, so an endpoint that
 * never answers ties up only its share and every other endpoint keeps being served.
 */

export interface SlotCaps {
  /** Deliveries in flight at once, on this node. */
  total: number;
  perProject: number;
  perEndpoint: number;
}

export interface DueEndpoint {
  endpoint_id: string;
  project_id: string;
  /** When its earliest due delivery came due (ISO time): breaks ties between the never served. */
  due_since: string;
}

/** What is in flight now, counted by project and by endpoint. */
export interface Busy {
  total: number;
  byProject: ReadonlyMap<string, number>;
  byEndpoint: ReadonlyMap<string, number>;
}

export class FairShare {
  #turn = 0;
  /** The turn at which each project and endpoint was last given a slot. */
  readonly #lastServed = new Map<string, number>();

  constructor(readonly caps: SlotCaps) {}

  /** Projects and endpoints with no room left, to leave out of the search for due work. */
  full(busy: Busy): { projects: string[]; endpoints: string[] } {
    const over = (m: ReadonlyMap<string, number>, cap: number) => [...m].filter(([, n]) => n >= cap).map(([k]) => k);
    return {
      projects: over(busy.byProject, this.caps.perProject),
      endpoints: over(busy.byEndpoint, this.caps.perEndpoint),
    };
  }

  /** How many deliveries to start now for each endpoint (absent: none). */
  allocate(candidates: readonly DueEndpoint[], busy: Busy): Map<string, number> {
    const out = new Map<string, number>();
    let free = this.caps.total - busy.total;
    const byProject = new Map<string, DueEndpoint[]>();
    for (const c of candidates) {
      const list = byProject.get(c.project_id);
      if (list) list.push(c);
      else byProject.set(c.project_id, [c]);
    }
    // Longest since served first; among the never served (or served together), the longest due.
    const turnOrder = (a: { key: string; since: string }, b: { key: string; since: string }) =>
      this.#served(a.key) - this.#served(b.key) || a.since.localeCompare(b.since);
    const projects = [...byProject]
      .map(([projectId, endpoints]) => ({
        key: `p:${projectId}`,
        since: endpoints.map((e) => e.due_since).sort()[0]!,
        room: this.caps.perProject - (busy.byProject.get(projectId) ?? 0),
        endpoints: endpoints
          .map((e) => ({
            id: e.endpoint_id,
            key: `e:${e.endpoint_id}`,
            since: e.due_since,
            room: this.caps.perEndpoint - (busy.byEndpoint.get(e.endpoint_id) ?? 0),
          }))
          .sort(turnOrder),
        next: 0,
      }))
      .sort(turnOrder);
    // Rounds: each project with room takes one slot, for its next endpoint in turn with room.
    let progress = true;
    while (free > 0 && progress) {
      progress = false;
      for (const p of projects) {
        if (free === 0) break;
        if (p.room <= 0) continue;
        for (let tried = 0; tried < p.endpoints.length; tried++) {
          const i = (p.next + tried) % p.endpoints.length;
          const e = p.endpoints[i]!;
          if (e.room <= 0) continue;
          e.room--;
          p.room--;
          free--;
          out.set(e.id, (out.get(e.id) ?? 0) + 1);
          p.next = (i + 1) % p.endpoints.length;
          progress = true;
          break;
        }
      }
    }
    return out;
  }

  #served(key: string): number {
    return this.#lastServed.get(key) ?? -1;
  }

  /** A delivery of the endpoint was started: it and its project go to the back of the line. */
  served(projectId: string, endpointId: string): void {
    // Bounded by the endpoints that ever sent; past that (deleted ones pile up) start afresh.
    if (this.#lastServed.size > 20_000) this.#lastServed.clear();
    this.#turn++;
    this.#lastServed.set(`p:${projectId}`, this.#turn);
    this.#lastServed.set(`e:${endpointId}`, this.#turn);
  }
}
