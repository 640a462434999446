/**
 * What the composer does beyond text, in jsdom against a real server and real SDK clients:
 * files by the attach button, by paste and by drop, uploaded with their progress and sent with
 * the message (the other user receives their descriptions), images opening in a viewer, and
 * @mention autocomplete from the room's participants.
 */
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Chat, OiChatProvider } from '../../src/index.js';
import { installLayout } from '../helpers/layout.js';
import { nextMessage, realChatServer } from '../helpers/real-chat.js';

installLayout();

const real = realChatServer();

/** A real 48×32 PNG (the server reads its bytes, sizes it and makes a thumbnail). */
const PNG = Uint8Array.from(
  atob(
    'iVBORw0KGgoAAAANSUhEUgAAADAAAAAgCAIAAADbtmxLAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAASElEQVRYhe2WgQkAMAzC+qHg9/lmZ3SUQA8Q0dhJ+epmXUEUhA7VDMWWsY6fCEZ0qGYotox1CMUHDR2qGYotQw4hGOt05PC4PkqF3HnCSy2aAAAAAElFTkSuQmCC',
  ),
  (c) => c.charCodeAt(0),
);
const png = (name: string) => new File([PNG], name, { type: 'image/png' });
const text = (name: string, body: string) => new File([body], name, { type: 'text/plain' });

async function setup() {
  const { alice, bob, users, aliceClient, bobClient } = await real.people();
  const room = await real.server.room([alice, bob], { name: 'Files' });
  render(
    <OiChatProvider client={aliceClient} users={users} timeZone="UTC">
      <Chat defaultRoomId={room} />
    </OiChatProvider>,
  );
  const box = (await screen.findByRole('textbox', { name: 'Message' })) as HTMLTextAreaElement;
  return { alice, bob, room, bobClient, box };
}

const tray = () => document.querySelector('.oichat-uploads');
const statusOf = (name: string) => screen.findByText(`${name} is ready to send`, undefined, { timeout: 10_000 });

describe('composer: attachments', () => {
  it('uploads files picked with the button, shows them ready, and sends them with the text to the other user', async () => {
    const { room, bobClient, box } = await setup();
    const user = userEvent.setup();
    const attach = screen.getByRole('button', { name: 'Attach files' });
    expect(attach).toBeTruthy();
    const input = document.querySelector<HTMLInputElement>('.oichat-composer input[type="file"]')!;
    await user.upload(input, [png('receipt.png'), text('notes.txt', 'order 1234\n')]);
    // Each shows at once, uploading, then ready; Send waits for the uploads.
    expect(within(tray() as HTMLElement).getByText('receipt.png')).toBeTruthy();
    await statusOf('receipt.png');
    await statusOf('notes.txt');

    const received = nextMessage(bobClient, room);
    await user.type(box, 'Here you go{Enter}');
    const m = await received;
    expect(m.content).toBe('Here you go');
    const attachments = m.attachments as { name: string; mime_type: string }[];
    expect(attachments.map((a) => [a.name, a.mime_type])).toEqual([
      ['receipt.png', 'image/png'],
      ['notes.txt', 'text/plain'],
    ]);
    expect(tray()).toBeNull();

    const log = screen.getByRole('log', { name: 'Messages' });
    const mine = await within(log).findByRole('article', { name: /You/ });
    const open = await within(mine).findByRole('button', { name: 'Open receipt.png' });
    const download = within(mine).getByRole('link', { name: 'Download notes.txt' });
    expect(download.getAttribute('href')).toMatch(/^http/);
    await waitFor(() => expect(mine.getAttribute('data-state')).toBe('sent'));

    // The viewer: a modal dialog named by the file, closed by Escape, focus back on the image.
    await user.click(open);
    const dialog = await screen.findByRole('dialog', { name: 'receipt.png' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Close image' }));
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(within(mine).getByRole('button', { name: 'Open receipt.png' }));
  });

  it('takes files pasted into the text box and dropped on the composer; a removed one is not sent', async () => {
    const { room, bobClient, box } = await setup();
    await act(async () => {
      fireEvent.paste(box, { clipboardData: { files: [png('pasted.png')], types: ['Files'] } });
    });
    await statusOf('pasted.png');
    const form = box.closest('form')!;
    await act(async () => {
      fireEvent.dragOver(form, { dataTransfer: { types: ['Files'], files: [] } });
    });
    expect(screen.getByText('Drop files to attach them')).toBeTruthy();
    await act(async () => {
      fireEvent.drop(form, { dataTransfer: { types: ['Files'], files: [text('dropped.txt', 'hello')] } });
    });
    expect(screen.queryByText('Drop files to attach them')).toBeNull();
    await statusOf('dropped.txt');

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Remove pasted.png' }));
    expect(screen.queryByText('pasted.png')).toBeNull();

    // Files alone, no text: an attachment message.
    const received = nextMessage(bobClient, room);
    await user.click(screen.getByRole('button', { name: 'Send' }));
    const m = await received;
    expect((m.attachments as { name: string }[]).map((a) => a.name)).toEqual(['dropped.txt']);
    expect(m.content_type).toBe('file');
  });

  it('shows an upload the server refuses as failed, with Retry and Remove, and does not send it', async () => {
    const { box } = await setup();
    await act(async () => {
      // An HTML page named like an image: refused by its bytes.
      fireEvent.paste(box, {
        clipboardData: {
          files: [new File(['<!doctype html><html><script>x</script>'], 'evil.png', { type: 'image/png' })],
        },
      });
    });
    await screen.findByText('Could not upload evil.png');
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Send' }).getAttribute('aria-disabled')).toBe('true');
  });
});

describe('composer: @mentions', () => {
  it('offers the participants matching what follows "@", picked with the keyboard into the text', async () => {
    const { box, bob, room, bobClient } = await setup();
    const user = userEvent.setup();
    await user.type(box, 'Thanks @bo');
    const list = await screen.findByRole('listbox', { name: 'People to mention' });
    const options = within(list).getAllByRole('option');
    expect(options.map((o) => o.getAttribute('aria-label'))).toEqual(['Bob Brown']);
    expect(options[0]!.getAttribute('aria-selected')).toBe('true');
    expect(box.getAttribute('aria-activedescendant')).toBe(options[0]!.id);
    // I am not offered to myself.
    await user.keyboard('{Enter}');
    await waitFor(() => expect(box.value).toBe('Thanks @Bob Brown '));
    expect(screen.queryByRole('listbox')).toBeNull();
    // Escape closes the list without touching the text; Enter then sends.
    await user.type(box, '@');
    await screen.findByRole('listbox', { name: 'People to mention' });
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(box.value).toBe('Thanks @Bob Brown @');
    // Sent with Bob's id as a mention: his client gets it, and his unread mentions count it.
    const received = nextMessage(bobClient, room);
    await user.keyboard('{Backspace}{Enter}');
    expect(await received).toMatchObject({ content: 'Thanks @Bob Brown', mentions: [bob] });
    const unread = await bobClient.rooms.unread();
    expect(unread.data.find((u) => u.room_id === room)?.unread_mentions).toBe(1);
    // The mention is highlighted in my view.
    const mine = await within(screen.getByRole('log', { name: 'Messages' })).findByRole('article', { name: /You/ });
    await waitFor(() => expect(mine.querySelector('.oichat-mention')?.textContent).toBe('@Bob Brown'));
  });
});
