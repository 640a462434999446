/**
 * Attachments in <Chat />, as the server sends them (issue 13): an uploaded image shows its
 * thumbnail in a box of the image's ratio, a file shows its name, size and a download link to
 * its signed URL. Real server, real uploads, real SDK clients.
 */
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Chat, OiChatProvider } from '../../src/index.js';
import { installLayout } from '../helpers/layout.js';
import { realChatServer } from '../helpers/real-chat.js';
import { uniqueUser } from '../helpers/server.js';

installLayout();

// A 1×1 PNG: the smallest real image, which the server decodes and thumbnails.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

const real = realChatServer();

/** An upload as the end user's app sends it (the file as the body), answered by the real server. */
async function upload(token: string, roomId: string, name: string, bytes: Buffer) {
  const res = await fetch(`${real.server.url}/v1/me/rooms/${roomId}/attachments?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(bytes),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { attachment_id: string; thumbnail?: { url: string }; url: string };
}

describe('<Chat /> with attachments', () => {
  it('shows an image by its thumbnail and a file with its size and a download link', async () => {
    const alice = uniqueUser('alice');
    const bob = uniqueUser('bob');
    const room = await real.server.room([alice, bob], { name: 'Receipts' });
    const bobToken = await real.server.token(bob, 'Bob Brown');
    const photo = await upload(bobToken, room, 'receipt.png', PNG);
    const notes = await upload(bobToken, room, 'notes.txt', Buffer.from('order 1234\n'));
    const bobClient = real.server.client(bob, 'Bob Brown');
    real.track(bobClient);
    await bobClient.messages.send(room, {
      content_type: 'image',
      content: 'the receipt',
      attachments: [photo.attachment_id],
    });
    await bobClient.messages.send(room, { content_type: 'file', attachments: [notes.attachment_id] });

    const aliceClient = real.server.client(alice, 'Alice Adams');
    real.track(aliceClient);
    render(
      <OiChatProvider
        client={aliceClient}
        users={{ [alice]: { name: 'Alice Adams' }, [bob]: { name: 'Bob Brown' } }}
        timeZone="UTC"
      >
        <Chat defaultRoomId={room} />
      </OiChatProvider>,
    );

    const log = await screen.findByRole('log', { name: 'Messages' });
    const image = (await within(log).findByRole('img', { name: 'receipt.png' })) as HTMLImageElement;
    // The thumbnail's signed URL, as history handed it out afresh.
    expect(image.src.split('?')[0]).toBe(photo.thumbnail?.url.split('?')[0]);
    expect(image.src).toMatch(/\/thumbnail\?expires=\d+&signature=/);
    expect(image.closest('li')?.getAttribute('style')).toContain('aspect-ratio: 1 / 1');
    expect(within(log).getByText('the receipt')).toBeTruthy();

    const link = within(log).getByRole('link', { name: 'Download notes.txt' }) as HTMLAnchorElement;
    expect(link.href.split('?')[0]).toBe(notes.url.split('?')[0]);
    expect(within(log).getByText('11 B')).toBeTruthy();
  });
});
