/**
 * The pure rules of the message features: which reactions are mine after a change, the "@"
 * being typed and who it matches, what a send carries, and the color a BlurHash paints.
 */
import { describe, expect, it } from 'vitest';
import { averageColor } from '../../src/core/blurhash.js';
import { activeMention, insertMention, matchMentions, mentionedIds } from '../../src/core/mentions.js';
import { type ChatMessage, mergeChange, reactionsOf, withMyReaction } from '../../src/core/model.js';
import { sendParams } from '../../src/core/sends.js';

const base: ChatMessage = {
  message_id: 'msg_1',
  room_id: 'room_1',
  seq: 3,
  sender_id: 'bob',
  content: 'hello',
  content_type: 'text',
  metadata: {},
  created_at: '2026-01-01T00:00:00.000Z',
};

describe('reactions', () => {
  it('adds and takes back my reaction by one, before the server answers', () => {
    const added = withMyReaction({ ...base, reactions: { '👍': 1 } }, '👍', true);
    expect(reactionsOf(added)).toEqual([{ type: '👍', count: 2, mine: true }]);
    const removed = withMyReaction(added, '👍', false);
    expect(reactionsOf(removed)).toEqual([{ type: '👍', count: 1, mine: false }]);
    expect(reactionsOf(withMyReaction(removed, '🎉', true))).toContainEqual({ type: '🎉', count: 1, mine: true });
    // Already mine: unchanged (a double click does not count twice).
    expect(withMyReaction(added, '👍', true)).toBe(added);
  });

  it('keeps which reactions are mine across an event that does not say, and moves them when the event is mine', () => {
    const mine: ChatMessage = { ...base, reactions: { '👍': 2, '🎉': 1 }, own_reactions: ['👍'] };
    // Someone else reacted: the event's message has counts only.
    const other = mergeChange(mine, { ...base, reactions: { '👍': 2, '🎉': 2 } });
    expect(reactionsOf(other)).toEqual([
      { type: '👍', count: 2, mine: true },
      { type: '🎉', count: 2, mine: false },
    ]);
    // My own reaction from another device.
    const fromMe = mergeChange(other, { ...base, reactions: { '👍': 2, '🎉': 3 } }, { type: '🎉', add: true });
    expect(
      reactionsOf(fromMe)
        .filter((r) => r.mine)
        .map((r) => r.type),
    ).toEqual(['👍', '🎉']);
    // Every reaction gone (the event's message has no `reactions` at all): none left shown.
    expect(reactionsOf(mergeChange(fromMe, { ...base }))).toEqual([]);
    // Deleted: no reactions, whatever was held.
    expect(reactionsOf(mergeChange(fromMe, { ...base, content: '', deleted_at: '2026-01-01T00:05:00.000Z' }))).toEqual(
      [],
    );
  });
});

describe('mentions', () => {
  it('finds the "@query" at the caret only at the start of a word', () => {
    expect(activeMention('hi @bo', 6)).toEqual({ start: 3, query: 'bo' });
    expect(activeMention('@', 1)).toEqual({ start: 0, query: '' });
    expect(activeMention('mail me@example', 15)).toBeNull();
    expect(activeMention('hi @bob brown', 13)).toBeNull();
    expect(activeMention('안녕 @민', 5)).toEqual({ start: 3, query: '민' });
  });

  it('matches names by their start, then words, then ids, without me', () => {
    const people = [
      { id: 'u1', name: 'Bob Brown' },
      { id: 'u2', name: 'Alex Bo' },
      { id: 'bo-3', name: 'Carol' },
      { id: 'me', name: 'Bobby Me' },
      { id: 'u5', name: '박민수' },
    ];
    expect(matchMentions(people, 'bo', 'me').map((p) => p.name)).toEqual(['Bob Brown', 'Alex Bo', 'Carol']);
    expect(matchMentions(people, '박').map((p) => p.id)).toEqual(['u5']);
  });

  it('inserts the name and keeps only the people still named in the text', () => {
    expect(insertMention('hi @bo!', 3, 6, 'Bob Brown')).toEqual({ text: 'hi @Bob Brown !', caret: 14 });
    const picked = new Map([
      ['u1', 'Bob Brown'],
      ['u2', 'Alex Bo'],
    ]);
    expect(mentionedIds('thanks @Bob Brown', picked)).toEqual(['u1']);
  });
});

describe('sends', () => {
  it('carry mentions, a thread parent and attachments (typed image or file) only when there are any', () => {
    expect(sendParams('hi', 'c1', {})).toEqual({ content: 'hi', client_msg_id: 'c1' });
    const image = { attachment_id: 'att_1', name: 'a.png', mime_type: 'image/png', size: 1 };
    const pdf = { attachment_id: 'att_2', name: 'b.pdf', mime_type: 'application/pdf', size: 1 };
    expect(sendParams('', 'c2', { attachments: [image] })).toEqual({
      content: undefined,
      client_msg_id: 'c2',
      attachments: ['att_1'],
      content_type: 'image',
    });
    expect(sendParams('see', 'c3', { attachments: [image, pdf], mentions: ['u1'], parentId: 'msg_9' })).toEqual({
      content: 'see',
      client_msg_id: 'c3',
      parent_id: 'msg_9',
      mentions: ['u1'],
      attachments: ['att_1', 'att_2'],
      content_type: 'file',
    });
  });
});

describe('BlurHash placeholder', () => {
  it('paints the average color the hash starts with', () => {
    // What the blurhash package (the server's encoder) makes of a plain #4f52d9 picture.
    expect(averageColor('Lv97pEtDfQtDtDohfQohfQfQfQfQ')).toBe('rgb(79 82 217)');
    expect(averageColor('bad')).toBeUndefined();
  });
});
