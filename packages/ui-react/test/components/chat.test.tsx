/**
 * <Chat /> with Testing Library in jsdom, against a real server and real SDK clients: what a
 * person sees and does, found by the roles and names the accessibility contract promises.
 * (Runs on React 19 and, in the react18 project, on React 18.3.)
 */
import { act, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import type { OiChatClient } from '@oichat/sdk';
import { describe, expect, it } from 'vitest';
import { Chat, OiChatProvider, type AvatarProps, type OiChatComponents } from '../../src/index.js';
import { installLayout } from '../helpers/layout.js';
import { nextMessage, realChatServer } from '../helpers/real-chat.js';
import { StrictMode, version } from 'react';

installLayout();

const real = realChatServer();
const { people } = real;

function renderChat(
  client: OiChatClient,
  props: { roomId: string; users: Record<string, { name: string }>; locale?: string; components?: OiChatComponents },
) {
  return render(
    <OiChatProvider client={client} users={props.users} locale={props.locale} timeZone="UTC">
      <Chat defaultRoomId={props.roomId} components={props.components} className="my-chat" />
    </OiChatProvider>,
  );
}

const MyAvatar = ({ name }: AvatarProps) => <span data-testid="my-avatar">{name}</span>;

describe(`<Chat /> on React ${version}`, () => {
  it('lists rooms with unread counts, shows the open room as a log of articles named by sender, system messages apart', async () => {
    const { alice, bob, users, aliceClient } = await people();
    const room = await real.server.room([alice, bob], { name: 'Order #1234' });
    const other = await real.server.room([alice, bob], { name: 'Billing' });
    await real.server.send(room, 'Alice opened a request', 'system', 'system');
    await real.server.send(room, 'Hello from Bob', bob);
    await real.server.send(other, 'Invoice?', bob);
    await real.server.send(other, 'Second one', bob);

    renderChat(aliceClient, { roomId: room, users });

    const nav = await screen.findByRole('navigation', { name: 'Rooms' });
    const billing = await within(nav).findByRole('button', { name: /^Billing/ });
    await waitFor(() => expect(billing.textContent).toContain('2 unread messages'));
    expect(
      within(nav)
        .getByRole('button', { name: /^Order #1234/ })
        .getAttribute('aria-current'),
    ).toBe('true');

    const log = screen.getByRole('log', { name: 'Messages' });
    const fromBob = await within(log).findByRole('article', { name: /Bob Brown/ });
    expect(fromBob.textContent).toContain('Hello from Bob');
    const system = within(log).getByRole('article', { name: /System/ });
    expect(system.className).toContain('oichat-system');
    expect(document.querySelector('.oichat-chat')?.className).toContain('my-chat');
  });

  it('Enter sends, Shift+Enter is a new line, an IME composition is not a send; the message goes from sending to sent', async () => {
    const { alice, bob, users, aliceClient, bobClient } = await people();
    const room = await real.server.room([alice, bob], { name: 'Composer room' });
    renderChat(aliceClient, { roomId: room, users });
    const box = await screen.findByRole('textbox', { name: 'Message' });
    expect(screen.getByRole('button', { name: 'Send' })).toBeTruthy();
    const user = userEvent.setup();

    await user.click(box);
    await user.keyboard('line one{Shift>}{Enter}{/Shift}line two');
    expect((box as HTMLTextAreaElement).value).toBe('line one\nline two');
    // A Hangul composition's Enter: the SDK must not see a send (checked by what arrives first below).
    await act(async () => {
      box.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true, isComposing: true }),
      );
    });
    const received = nextMessage(bobClient, room);
    await user.keyboard('{Enter}');
    expect((await received).content).toBe('line one\nline two');
    expect((box as HTMLTextAreaElement).value).toBe('');

    const log = screen.getByRole('log', { name: 'Messages' });
    const mine = await within(log).findByRole('article', { name: /You/ });
    expect(mine.textContent).toContain('line two');
    await waitFor(() => expect(mine.getAttribute('data-state')).toBe('sent'));
  });

  it('shows typing, presence and who has seen my message, from the other user’s real client', async () => {
    const { alice, bob, users, aliceClient, bobClient } = await people();
    const room = await real.server.room([alice, bob], { type: 'direct' });
    renderChat(aliceClient, { roomId: room, users });
    await screen.findByRole('log');
    const header = document.querySelector('.oichat-header')!;
    await waitFor(() => expect(header.textContent).toContain('Bob Brown'));
    await waitFor(() => expect(header.textContent).toContain('Online'));

    const typing = screen.getAllByRole('status').find((el) => el.className.includes('oichat-typing'))!;
    bobClient.typing.start(room);
    await waitFor(() => expect(typing.textContent).toBe('Bob Brown is typing…'));

    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Can you see this?{Enter}');
    const mine = await within(screen.getByRole('log')).findByRole('article', { name: /You/ });
    await waitFor(() => expect(mine.getAttribute('data-seq')).not.toBeNull());
    await bobClient.markRead(room, Number(mine.getAttribute('data-seq')));
    await waitFor(() => expect(mine.textContent).toContain('Seen by Bob Brown'));

    bobClient.disconnect();
    await waitFor(() => expect(header.textContent).toContain('Offline'));
  });

  it('a named two-person group is no direct chat, and a backend’s system message is not someone seeing mine', async () => {
    const { alice, bob, users, aliceClient } = await people();
    const room = await real.server.room([alice, bob], { name: 'Order #1234 Support' });
    renderChat(aliceClient, { roomId: room, users });
    const log = await screen.findByRole('log');
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Where is my parcel?{Enter}');
    const mine = await within(log).findByRole('article', { name: /You/ });
    await waitFor(() => expect(mine.getAttribute('data-state')).toBe('sent'));
    // Its member count (who I am is known by now), not the other member's presence as in a direct chat.
    const header = document.querySelector('.oichat-header')!;
    await waitFor(() => expect(header.textContent).toContain('2 members · 1 online'));
    expect(header.textContent).not.toMatch(/Online|Offline/);
    await real.server.send(room, 'Mina Park joined the conversation.', 'system', 'system');
    await within(log).findByText('Mina Park joined the conversation.');
    expect(mine.textContent).not.toContain('Seen by');
  });

  it('renders links safely: http(s) become links that do not hand over the opener, HTML stays text', async () => {
    const { alice, bob, users, aliceClient } = await people();
    const room = await real.server.room([alice, bob], { name: 'Links' });
    await real.server.send(
      room,
      'Track https://track.example.com/1234?a=1. Not javascript:alert(1) <img src=x onerror=alert(1)>',
      bob,
    );
    renderChat(aliceClient, { roomId: room, users });
    const article = await within(await screen.findByRole('log')).findByRole('article', { name: /Bob Brown/ });
    const links = within(article).getAllByRole('link');
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://track.example.com/1234?a=1']);
    expect(links[0]!.getAttribute('rel')).toContain('noopener');
    expect(links[0]!.getAttribute('target')).toBe('_blank');
    expect(article.querySelector('img')).toBeNull();
    expect(article.textContent).toContain('<img src=x onerror=alert(1)>');
  });

  it('a refused send shows Not sent with Retry; retrying once the cause is gone stores it once', async () => {
    const { alice, bob, users, aliceClient, bobClient } = await people();
    const room = await real.server.room([alice, bob], { name: 'Retry room' });
    renderChat(aliceClient, { roomId: room, users });
    const box = await screen.findByRole('textbox', { name: 'Message' });
    await within(screen.getByRole('navigation')).findByRole('button', { name: /^Retry room/ });
    await real.server.removeParticipant(room, alice);

    const user = userEvent.setup();
    await user.type(box, 'Are you there?{Enter}');
    const retry = await screen.findByRole('button', { name: 'Retry' });
    const article = retry.closest('article')!;
    expect(article.textContent).toContain('Not sent');

    await real.server.addParticipant(room, alice);
    const received = nextMessage(bobClient, room);
    await user.click(retry);
    expect((await received).content).toBe('Are you there?');
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull());
    const history = await bobClient.messages.list(room);
    expect(history.data.filter((m) => m.content === 'Are you there?')).toHaveLength(1);
  });

  it('shows a banner while the connection is lost and says when it is back', async () => {
    const { alice, bob, users } = await people();
    const { client: aliceClient, network } = await real.server.clientOverNetwork(alice, 'Alice Adams');
    real.track(aliceClient);
    const room = await real.server.room([alice, bob], { name: 'Flaky' });
    renderChat(aliceClient, { roomId: room, users });
    await screen.findByRole('log');
    await waitFor(() => expect(aliceClient.state).toBe('connected'));
    const banner = () => document.querySelector('.oichat-chat__room .oichat-banner')!;
    expect(banner().textContent).toBe('');
    // Offline long enough for the banner to show before the client gets back in.
    act(() => network.drop(500));
    await waitFor(() => expect(banner().textContent).toContain('Connection lost. Reconnecting…'));
    await waitFor(() => expect(banner().textContent).toContain('Back online'));
  });

  it('speaks Korean: the same roles, named from the Korean strings', async () => {
    const { alice, bob, users, aliceClient } = await people();
    const room = await real.server.room([alice, bob], { name: '주문 문의' });
    renderChat(aliceClient, { roomId: room, users, locale: 'ko' });
    const nav = await screen.findByRole('navigation', { name: '대화방' });
    await within(nav).findByRole('button', { name: /^주문 문의/ });
    expect(screen.getByRole('log', { name: '메시지' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: '메시지 입력' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '보내기' })).toBeTruthy();
    expect(screen.getByRole('searchbox', { name: '대화방 검색' })).toBeTruthy();
  });

  it('replaces parts through components={{ … }} without forking', async () => {
    const { alice, bob, users, aliceClient } = await people();
    const room = await real.server.room([alice, bob], { name: 'Custom' });
    await real.server.send(room, 'Hi', bob);
    renderChat(aliceClient, {
      roomId: room,
      users,
      components: { Avatar: MyAvatar },
    });
    await waitFor(() => expect(screen.getAllByTestId('my-avatar').map((e) => e.textContent)).toContain('Bob Brown'));
  });

  it('is usable with the keyboard alone: arrows move between rooms, Enter opens one and focuses the composer', async () => {
    const { alice, bob, users, aliceClient, bobClient } = await people();
    const first = await real.server.room([alice, bob], { name: 'Alpha' });
    await real.server.send(first, 'a', bob);
    const second = await real.server.room([alice, bob], { name: 'Beta' });
    await real.server.send(second, 'b', bob);
    renderChat(aliceClient, { roomId: second, users });
    const nav = await screen.findByRole('navigation', { name: 'Rooms' });
    const beta = await within(nav).findByRole('button', { name: /^Beta/ });
    const user = userEvent.setup();
    beta.focus();
    await user.keyboard('{ArrowDown}');
    const alpha = within(nav).getByRole('button', { name: /^Alpha/ });
    expect(document.activeElement).toBe(alpha);
    expect(beta.tabIndex).toBe(-1);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(alpha.getAttribute('aria-current')).toBe('true'));
    const box = screen.getByRole('textbox', { name: 'Message' });
    await waitFor(() => expect(document.activeElement).toBe(box));
    const received = nextMessage(bobClient, first);
    await user.keyboard('typed without a mouse{Enter}');
    expect((await received).content).toBe('typed without a mouse');
  });

  it('keeps a long room to a few dozen rows in the DOM, and opens it at its newest message', async () => {
    const { alice, bob, users, aliceClient } = await people();
    const room = await real.server.room([alice, bob], { name: 'Long' });
    for (let i = 1; i <= 400; i++) await real.server.send(room, `message ${i}`, bob);
    await real.server.markRead(room, alice, 400);
    renderChat(aliceClient, { roomId: room, users });
    const log = await screen.findByRole('log', { name: 'Messages' });
    await waitFor(() => expect(log.textContent).toContain('message 400'));
    expect(log.querySelectorAll('.oichat-row').length).toBeLessThanOrEqual(40);
    expect(log.textContent).not.toContain('message 300');
  });

  it('lists a room created or joined before the socket was up (no event tells of it), and reconciles the list on each reconnect', async () => {
    const { alice, bob, users } = await people();
    const { client: aliceClient, network } = await real.server.clientOverNetwork(alice, 'Alice Adams');
    real.track(aliceClient);
    await real.server.room([alice, bob], { name: 'Listed at start' });
    const leaving = await real.server.room([alice, bob], { name: 'Left while away' });
    const deleted = await real.server.room([alice, bob], { name: 'Deleted while away' });
    render(
      <OiChatProvider client={aliceClient} users={users} connect={false} timeZone="UTC">
        <Chat />
      </OiChatProvider>,
    );
    const nav = await screen.findByRole('navigation', { name: 'Rooms' });
    await within(nav).findByRole('button', { name: /^Listed at start/ });
    // The list is read; the socket is not up yet: nothing will ever send this client an event for these.
    await real.server.room([alice, bob], { name: 'Created before connect' });
    const joined = await real.server.room([bob], { name: 'Joined before connect' });
    await real.server.addParticipant(joined, alice);
    await act(() => aliceClient.connect());
    await within(nav).findByRole('button', { name: /^Created before connect/ });
    await within(nav).findByRole('button', { name: /^Joined before connect/ });

    // Away: rooms come and go with nobody to tell this client; back, the list says so.
    act(() => network.drop());
    await waitFor(() => expect(aliceClient.state).not.toBe('connected'));
    await real.server.room([alice, bob], { name: 'Created while away' });
    await real.server.removeParticipant(leaving, alice);
    await real.server.deleteRoom(deleted);
    act(() => network.restore());
    await within(nav).findByRole('button', { name: /^Created while away/ });
    await waitFor(() => expect(within(nav).queryByRole('button', { name: /^Left while away/ })).toBeNull());
    expect(within(nav).queryByRole('button', { name: /^Deleted while away/ })).toBeNull();
    expect(within(nav).getAllByRole('button', { name: /^Listed at start/ })).toHaveLength(1);
  });

  it('works under StrictMode (effects run twice): one connection’s worth of events, each message once', async () => {
    const { alice, bob, users, aliceClient, bobClient } = await people();
    const room = await real.server.room([alice, bob], { name: 'Strict' });
    render(
      <StrictMode>
        <OiChatProvider client={aliceClient} users={users} timeZone="UTC">
          <Chat defaultRoomId={room} />
        </OiChatProvider>
      </StrictMode>,
    );
    await screen.findByRole('log');
    await waitFor(() => expect(aliceClient.state).toBe('connected'));
    await bobClient.messages.send(room, { content: 'only once' });
    const log = screen.getByRole('log', { name: 'Messages' });
    await waitFor(() => expect(log.textContent).toContain('only once'));
    expect(
      within(log)
        .getAllByRole('article')
        .filter((a) => a.textContent?.includes('only once')),
    ).toHaveLength(1);
  });
});
