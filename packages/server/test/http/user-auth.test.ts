/**
 * The end-user API's Authorization header (docs/realtime.md): `Bearer <token>`, the scheme in any
 * case, spaces around the token allowed, nothing else. Cases found by mutation testing.
 */
import { describe, expect, it } from 'vitest';
import { bearerToken } from '../../src/http/user-auth.js';

describe('bearerToken', () => {
  it.each([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer abc', 'abc'],
    ['BEARER   abc', 'abc'],
    ['Bearer abc  ', 'abc'],
    ['Bearer\tabc', 'abc'],
  ])('reads %j as the token %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });

  it.each([
    [undefined],
    [''],
    ['Bearer'],
    ['Bearer '],
    ['Bearerabc'],
    ['xBearer abc'],
    ['Basic abc'],
    ['Bearer abc def'],
    ['Bearer abc x'],
  ])('finds no token in %j', (header) => {
    expect(bearerToken(header)).toBeNull();
  });
});
