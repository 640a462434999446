package io.oichat.resources;

import io.oichat.RequestOptions;
import io.oichat.internal.Paging;
import io.oichat.internal.Sync;
import io.oichat.model.CursorPage;
import io.oichat.model.ListMessagesParams;
import io.oichat.model.ListRepliesParams;
import io.oichat.model.Message;
import io.oichat.model.MessageList;
import io.oichat.model.ReactionParams;
import io.oichat.model.SearchMessagesParams;
import io.oichat.model.SendMessageParams;
import io.oichat.model.UpdateMessageParams;

/**
 * {@code oichat.messages()}: sending messages as a participant or as {@code "system"}, reading
 * history, and what happens to a message after it was sent: edits, deletes, reactions, threads,
 * pins and search. A message of another project, or none, is {@code 404 message_not_found}.
 */
public final class Messages {
    private final MessagesAsync async;

    public Messages(MessagesAsync async) {
        this.async = async;
    }

    /**
     * Sends a message, numbered with the room's next {@code seq}: {@code 404 room_not_found},
     * {@code 422 sender_not_participant}. With {@code parentId} it is a reply in that message's
     * thread; {@code mentions} names participants. {@code POST /v1/messages}.
     */
    public Message send(SendMessageParams params, RequestOptions options) {
        return Sync.await(async.send(params, options));
    }

    public Message send(SendMessageParams params) {
        return send(params, RequestOptions.none());
    }

    /**
     * A room's history in ascending {@code seq}: {@code after(N)} reads forward from seq N (0 = from
     * the start), {@code before(N)} reads backward, neither returns the newest messages; {@code
     * hasMore()} says whether more lie further that way; {@code thread(false)} leaves thread replies
     * out. {@code GET /v1/rooms/{room_id}/messages}.
     */
    public MessageList list(String roomId, ListMessagesParams params, RequestOptions options) {
        return Sync.await(async.list(roomId, params, options));
    }

    public MessageList list(String roomId, ListMessagesParams params) {
        return list(roomId, params, RequestOptions.none());
    }

    /** The newest 50 messages. */
    public MessageList list(String roomId) {
        return list(roomId, null, RequestOptions.none());
    }

    /** One message as it is now (a deleted one too, emptied). {@code GET /v1/messages/{message_id}}. */
    public Message get(String messageId, RequestOptions options) {
        return Sync.await(async.get(messageId, options));
    }

    public Message get(String messageId) {
        return get(messageId, RequestOptions.none());
    }

    /**
     * Edits any sender's message (content, metadata or both); it gets {@code editedAt}. A deleted
     * or redacted message is {@code 409 message_deleted}. {@code PATCH /v1/messages/{message_id}}.
     */
    public Message update(String messageId, UpdateMessageParams params, RequestOptions options) {
        return Sync.await(async.update(messageId, params, options));
    }

    public Message update(String messageId, UpdateMessageParams params) {
        return update(messageId, params, RequestOptions.none());
    }

    /**
     * Deletes a message, softly: it keeps its id and seq, loses content, metadata, reactions,
     * mentions and pin, and gets {@code deletedAt}; its former content is nowhere in the API
     * afterwards (search, webhook deliveries not yet made). Deleting it again changes nothing.
     * {@code DELETE /v1/messages/{message_id}}.
     */
    public Message delete(String messageId, RequestOptions options) {
        return Sync.await(async.delete(messageId, options));
    }

    public Message delete(String messageId) {
        return delete(messageId, RequestOptions.none());
    }

    /**
     * A participant's reaction, one of each type per user (adding one they have changes nothing);
     * returns the message with its counts. {@code 422 participant_not_found} for a user outside the
     * room, {@code 409 message_deleted}. {@code POST /v1/messages/{message_id}/reactions}.
     */
    public Message addReaction(String messageId, ReactionParams params, RequestOptions options) {
        return Sync.await(async.addReaction(messageId, params, options));
    }

    public Message addReaction(String messageId, ReactionParams params) {
        return addReaction(messageId, params, RequestOptions.none());
    }

    /**
     * Removes a participant's reaction (removing one they do not have changes nothing).
     * {@code DELETE /v1/messages/{message_id}/reactions/{type}?user_id=…}.
     */
    public Message removeReaction(String messageId, ReactionParams params, RequestOptions options) {
        return Sync.await(async.removeReaction(messageId, params, options));
    }

    public Message removeReaction(String messageId, ReactionParams params) {
        return removeReaction(messageId, params, RequestOptions.none());
    }

    /**
     * A thread's replies in ascending {@code seq}, paged like {@link #list}; the root itself is not
     * among them, and a reply has no thread of its own ({@code 404 message_not_found}).
     * {@code GET /v1/messages/{message_id}/replies}.
     */
    public MessageList replies(String messageId, ListRepliesParams params, RequestOptions options) {
        return Sync.await(async.replies(messageId, params, options));
    }

    public MessageList replies(String messageId, ListRepliesParams params) {
        return replies(messageId, params, RequestOptions.none());
    }

    /** The newest 50 replies. */
    public MessageList replies(String messageId) {
        return replies(messageId, null, RequestOptions.none());
    }

    /**
     * Pins a message ({@code pinnedBy} {@code "system"}); pinning a pinned one changes nothing.
     * {@code 409 message_deleted}. {@code POST /v1/messages/{message_id}/pin}.
     */
    public Message pin(String messageId, RequestOptions options) {
        return Sync.await(async.pin(messageId, options));
    }

    public Message pin(String messageId) {
        return pin(messageId, RequestOptions.none());
    }

    /** Unpins a message (unpinning one not pinned changes nothing). {@code DELETE /v1/messages/{message_id}/pin}. */
    public Message unpin(String messageId, RequestOptions options) {
        return Sync.await(async.unpin(messageId, options));
    }

    public Message unpin(String messageId) {
        return unpin(messageId, RequestOptions.none());
    }

    /**
     * The project's messages holding every word of the query (each a substring, letters A–Z in
     * either case), newest first, optionally of one room or sender; deleted messages never. Pass {@code
     * nextCursor()} back as {@code cursor} for the next page. {@code GET /v1/messages/search}.
     */
    public CursorPage<Message> search(SearchMessagesParams params, RequestOptions options) {
        return Sync.await(async.search(params, options));
    }

    public CursorPage<Message> search(SearchMessagesParams params) {
        return search(params, RequestOptions.none());
    }

    /**
     * Every hit of the search, newest first, page after page as the loop asks for them (each page
     * one request, with {@code params}' limit as the page size). Each message comes once: the pages
     * follow the messages' send times, so messages sent meanwhile do not join in.
     */
    public Iterable<Message> searchAll(SearchMessagesParams params, RequestOptions options) {
        if (params == null) throw new IllegalArgumentException("OiChat: messages.searchAll: params is required");
        return Paging.all(params.cursor(), cursor -> search(params.toBuilder().cursor(cursor).build(), options));
    }

    public Iterable<Message> searchAll(SearchMessagesParams params) {
        return searchAll(params, RequestOptions.none());
    }
}
