/**
 * The demo's people: a few customers and two agents, public on purpose (the sign-in page lists
 * them). In a real app these come from your user database; OiChat only ever sees their ids,
 * names and roles, in the tokens the backend issues.
 */
export type Role = 'user' | 'agent';

export interface Persona {
  id: string;
  name: string;
  role: Role;
}

export const PERSONAS: readonly Persona[] = [
  { id: 'customer-jisoo', name: 'Jisoo Kim', role: 'user' },
  { id: 'customer-alex', name: 'Alex Morgan', role: 'user' },
  { id: 'customer-sam', name: 'Sam Rivera', role: 'user' },
  { id: 'agent-mina', name: 'Mina Park', role: 'agent' },
  { id: 'agent-daniel', name: 'Daniel Cho', role: 'agent' },
];

/** The desk itself: a member of every support room from the start, the sender of automatic replies. */
export const DESK = { id: 'support-agent', name: 'Oi Market Support' } as const;

export const personaById = (id: string | undefined): Persona | undefined => PERSONAS.find((p) => p.id === id);

export const isAgent = (id: string): boolean => personaById(id)?.role === 'agent';

/** Display names for @oichat/ui-react (`users` on the provider): OiChat has no user directory of its own. */
export const PROFILES: Record<string, { name: string }> = Object.fromEntries([
  ...PERSONAS.map((p) => [p.id, { name: p.name }]),
  [DESK.id, { name: DESK.name }],
]);
