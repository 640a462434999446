import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Auth, Messages, OiChat, OiChatConfigError, Rooms, VERSION } from '../src/index.ts';

const secret = 'sk_DoNotLeakMe1234567890';
const client = new OiChat({
  apiKey: 'ak_live_pub',
  secretKey: secret,
  projectId: 'proj_p',
  baseUrl: 'http://127.0.0.1:1',
});

describe('OiChat', () => {
  it("exposes the seed's resource namespaces and methods", () => {
    expect(client.auth).toBeInstanceOf(Auth);
    expect(client.rooms).toBeInstanceOf(Rooms);
    expect(client.messages).toBeInstanceOf(Messages);
    for (const name of ['createToken', 'refreshToken'] as const) expect(typeof client.auth[name]).toBe('function');
    for (const name of [
      'create',
      'list',
      'get',
      'update',
      'delete',
      'addParticipant',
      'removeParticipant',
      'leave',
    ] as const) {
      expect(typeof client.rooms[name]).toBe('function');
    }
    for (const name of ['send', 'list'] as const) expect(typeof client.messages[name]).toBe('function');
  });

  it('never shows the secret key, however it is printed', () => {
    const renderings = [
      String(client),
      `${client}`,
      JSON.stringify(client),
      inspect(client),
      inspect(client, { showHidden: true, depth: Infinity, getters: true }),
      inspect(client.rooms, { showHidden: true, depth: Infinity }),
      inspect(client.auth, { showHidden: true, depth: Infinity }),
      JSON.stringify(client.messages),
      JSON.stringify(Object.entries(client)),
    ];
    for (const text of renderings) expect(text).not.toContain(secret);
    expect(inspect(client)).toContain('proj_p');
  });

  it('rejects an empty path parameter before sending anything', async () => {
    await expect(client.rooms.get('')).rejects.toThrow(OiChatConfigError);
    await expect(client.rooms.get('')).rejects.toMatchObject({ field: 'roomId' });
    await expect(client.rooms.removeParticipant('room_1', '')).rejects.toThrow(/userId must be a non-empty string/);
    await expect(client.messages.list(undefined as never)).rejects.toThrow(/roomId/);
  });

  it('refuses an upload it cannot send with an OiChatConfigError naming the argument, before sending anything', async () => {
    const noName = client.attachments.upload('room_1', new Uint8Array([1]), { name: '' });
    await expect(noName).rejects.toThrow(OiChatConfigError);
    await expect(noName).rejects.toMatchObject({ field: 'name' });
    await expect(client.attachments.upload('room_1', 42 as never, { name: 'x.bin' })).rejects.toMatchObject({
      field: 'data',
      message: expect.stringMatching(/Blob, a Uint8Array/),
    });
  });

  it('reports the package version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});
