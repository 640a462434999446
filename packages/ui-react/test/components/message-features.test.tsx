/**
 * Edits, deletions, reactions and threads in <Chat />, in jsdom against a real server: what I do
 * through the message's toolbar reaches the other user's real client, and what they do through
 * their SDK shows in my view live. (The two-page browser test does the same in Chromium.)
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Chat, OiChatProvider } from '../../src/index.js';
import { installLayout } from '../helpers/layout.js';
import { nextEvent, realChatServer } from '../helpers/real-chat.js';

installLayout();

const real = realChatServer();

async function setup() {
  const { alice, bob, users, aliceClient, bobClient } = await real.people();
  const room = await real.server.room([alice, bob], { name: 'Order #1234' });
  const fromBob = await bobClient.messages.send(room, { content: 'Can you check order 1234?' });
  render(
    <OiChatProvider client={aliceClient} users={users} timeZone="UTC">
      <Chat defaultRoomId={room} />
    </OiChatProvider>,
  );
  const log = await screen.findByRole('log', { name: 'Messages' });
  const bobsArticle = () => within(log).findByRole('article', { name: /Bob Brown/ });
  await bobsArticle();
  return { alice, bob, room, bobClient, aliceClient, fromBob, log, bobsArticle };
}

describe('message features in <Chat />', () => {
  it('reacts with the picker and by toggling a chip; the other user gets each change, and theirs shows live', async () => {
    const { bobClient, fromBob, bobsArticle } = await setup();
    const user = userEvent.setup();
    const article = await bobsArticle();
    await user.click(within(article).getByRole('button', { name: 'Add reaction' }));
    const picker = within(article).getByRole('group', { name: 'Add reaction' });
    // Focus is in the picker; arrows move along it.
    expect(document.activeElement).toBe(within(picker).getByRole('button', { name: 'React with 👍' }));
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(within(picker).getByRole('button', { name: 'React with ❤️' }));
    const added = nextEvent(bobClient, 'reaction.added');
    await user.keyboard('{ArrowLeft}{Enter}');
    expect(within(article).queryByRole('group', { name: 'Add reaction' })).toBeNull();
    const chip = await within(article).findByRole('button', { name: '👍 1' });
    expect(chip.getAttribute('aria-pressed')).toBe('true');
    expect(await added).toMatchObject({ message_id: fromBob.message_id, reaction: '👍' });

    const removed = nextEvent(bobClient, 'reaction.removed');
    await user.click(chip);
    expect((await removed).reaction).toBe('👍');
    await waitFor(() => expect(within(article).queryByRole('list', { name: 'Reactions' })).toBeNull());

    await bobClient.messages.react(fromBob.message_id, '🎉');
    const theirs = await within(article).findByRole('button', { name: '🎉 1' });
    expect(theirs.getAttribute('aria-pressed')).toBe('false');
  });

  it('edits my message in place and deletes it after asking; the other user sees both, and their edit and delete show live', async () => {
    const { room, bobClient, fromBob, log, bobsArticle } = await setup();
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Helo{Enter}');
    const mine = await within(log).findByRole('article', { name: /You/ });
    await waitFor(() => expect(mine.getAttribute('data-state')).toBe('sent'));

    await user.click(within(mine).getByRole('button', { name: 'More actions' }));
    await user.click(within(mine).getByRole('menuitem', { name: 'Edit' }));
    const editor = within(mine).getByRole('textbox', { name: 'Edit message' }) as HTMLTextAreaElement;
    expect(document.activeElement).toBe(editor);
    expect(editor.value).toBe('Helo');
    const updated = nextEvent(bobClient, 'message.updated');
    await user.clear(editor);
    await user.type(editor, 'Hello{Enter}');
    expect((await updated).message.content).toBe('Hello');
    await waitFor(() => expect(mine.textContent).toContain('Hello (edited)'));

    // Escape gives an edit up, unchanged.
    await user.click(within(mine).getByRole('button', { name: 'More actions' }));
    await user.click(within(mine).getByRole('menuitem', { name: 'Edit' }));
    await user.keyboard(' more{Escape}');
    expect(within(mine).queryByRole('textbox', { name: 'Edit message' })).toBeNull();
    expect(mine.textContent).toContain('Hello (edited)');

    await user.click(within(mine).getByRole('button', { name: 'More actions' }));
    await user.click(within(mine).getByRole('menuitem', { name: 'Delete' }));
    const confirm = within(mine).getByRole('alertdialog', { name: 'Delete this message for everyone?' });
    const deleted = nextEvent(bobClient, 'message.deleted');
    await user.click(within(confirm).getByRole('button', { name: 'Delete' }));
    expect((await deleted).message.content).toBe('');
    await waitFor(() => expect(mine.textContent).toContain('This message was deleted.'));
    // A deleted message offers nothing more.
    expect(within(mine).queryByRole('toolbar')).toBeNull();

    // Bob's own edit and delete, through his SDK, reach my view.
    await bobClient.messages.edit(fromBob.message_id, { content: 'Can you check order 1235?' });
    const his = await bobsArticle();
    await waitFor(() => expect(his.textContent).toContain('order 1235? (edited)'));
    // Only my own messages can be edited or deleted.
    expect(within(his).queryByRole('button', { name: 'More actions' })).toBeNull();
    await bobClient.messages.delete(fromBob.message_id);
    await waitFor(() => expect(his.textContent).toContain('This message was deleted.'));
    expect(room).toBeTruthy();
  });

  it('opens a thread from a message, replies in it, shows the other user’s replies and the count on the root', async () => {
    const { room, bobClient, fromBob, log, bobsArticle } = await setup();
    const user = userEvent.setup();
    const article = await bobsArticle();
    await user.click(within(article).getByRole('button', { name: 'Reply in thread' }));
    const thread = await screen.findByRole('region', { name: 'Thread' });
    expect(thread.textContent).toContain('Can you check order 1234?');
    const reply = within(thread).getByRole('textbox', { name: 'Reply' });
    await waitFor(() => expect(document.activeElement).toBe(reply));

    const created = nextEvent(bobClient, 'message.created');
    await user.type(reply, 'On it{Enter}');
    const m = (await created).message;
    expect(m).toMatchObject({ content: 'On it', parent_id: fromBob.message_id });
    const replies = within(thread).getByRole('log', { name: 'Reply' });
    await within(replies).findByRole('article', { name: /You/ });
    // The reply is in the thread, not in the room's timeline; the root counts it.
    expect(within(log).queryByText('On it')).toBeNull();
    await within(article).findByRole('button', { name: '1 reply' });

    await bobClient.messages.send(room, { content: 'Thanks!', parent_id: fromBob.message_id });
    await within(replies).findByRole('article', { name: /Bob Brown/ });
    await within(article).findByRole('button', { name: '2 replies' });
    expect(thread.textContent).toContain('2 replies');

    await user.click(within(thread).getByRole('button', { name: 'Close thread' }));
    expect(screen.queryByRole('region', { name: 'Thread' })).toBeNull();
    // Opened again from the count, with what it had.
    await user.click(within(article).getByRole('button', { name: '2 replies' }));
    const again = await screen.findByRole('region', { name: 'Thread' });
    expect(within(again).getAllByRole('article')).toHaveLength(3);
  });

  it('searches the room from its header, and a result opens the message in the room', async () => {
    const { room, bobClient, log } = await setup();
    for (let i = 0; i < 3; i++) await bobClient.messages.send(room, { content: `filler ${i}` });
    await bobClient.messages.send(room, { content: '환불 요청은 영업일 기준 3일 안에 처리됩니다' });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Search in conversation' }));
    const panel = await screen.findByRole('region', { name: 'Search messages' });
    const box = within(panel).getByRole('searchbox', { name: 'Search messages' });
    await waitFor(() => expect(document.activeElement).toBe(box));
    // A Korean substring inside a word matches.
    await user.type(box, '요청');
    const hit = await within(panel).findByRole('button', { name: /환불 요청은/ });
    expect(within(panel).getByRole('status').textContent).toBe('1 result');
    expect(hit.querySelector('mark')?.textContent).toBe('요청');
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(hit);
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('region', { name: 'Search messages' })).toBeNull();
    const found = await within(log).findByText(/환불 요청은/);
    await waitFor(() => expect(found.closest('.oichat-row')?.className).toContain('oichat-row--found'));

    await user.click(screen.getByRole('button', { name: 'Search in conversation' }));
    await user.type(await screen.findByRole('searchbox', { name: 'Search messages' }), 'nothing like this');
    await screen.findByText('No messages match “nothing like this”');
  });
});
