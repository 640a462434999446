/**
 * DEMO-ONLY SESSIONS. Whoever picks a persona on the sign-in page is that persona: a cookie holds
 * the persona's id, signed (HMAC) so it cannot be edited into another id, and that is all.
 *
 * >>> Real authentication goes here: replace `currentPersona` with your session lookup (NextAuth,
 * >>> Clerk, your own cookie store…) returning your user's id, display name and role. Everything
 * >>> else in the app (the token route, the room routes) only calls `currentPersona`.
 */
import 'server-only';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { cookies, headers } from 'next/headers';
import { type Persona, type Role, personaById } from './personas';

const COOKIE = 'desk_session';

// A key of its own, derived from a secret the server already has, so that the demo needs no extra setting.
const key = () =>
  createHash('sha256')
    .update(`support-desk-session:${process.env.OICHAT_SECRET_KEY ?? ''}`)
    .digest();
const sign = (id: string) => createHmac('sha256', key()).update(id).digest('base64url');

export async function currentPersona(): Promise<Persona | undefined> {
  const value = (await cookies()).get(COOKIE)?.value;
  if (!value) return undefined;
  const dot = value.lastIndexOf('.');
  const id = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(sign(id));
  if (dot < 1 || given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return personaById(id);
}

export async function startSession(persona: Persona): Promise<void> {
  (await cookies()).set(COOKIE, `${persona.id}.${sign(persona.id)}`, {
    httpOnly: true,
    sameSite: 'lax',
    // Secure whenever the app is served over HTTPS (behind a proxy too); plain http only on your own machine.
    secure: (await headers()).get('x-forwarded-proto') === 'https',
    path: '/',
    maxAge: 60 * 60 * 8,
  });
}

export async function endSession(): Promise<void> {
  (await cookies()).delete(COOKIE);
}

/** For route handlers: the signed-in persona of that role, or the response refusing the request. */
export async function requireRole(role: Role): Promise<Persona | Response> {
  const persona = await currentPersona();
  if (!persona) return Response.json({ error: 'not_signed_in', message: 'Sign in first.' }, { status: 401 });
  if (persona.role !== role)
    return Response.json({ error: 'forbidden', message: `Only a ${role} can do this.` }, { status: 403 });
  return persona;
}
