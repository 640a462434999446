package io.oichat.model;

/**
 * A message as a change left it, in the change webhooks and as the thread root a reply's
 * {@code message.created} carries.
 *
 * @param changeSeq numbers the room's changes (edits, deletes, reactions, pins, reply counts) 1, 2, 3, … in the
 *     order they happened: of two deliveries about one message, the higher {@code changeSeq} is the newer state
 */
public record MessageChange(Message message, long changeSeq) {}
