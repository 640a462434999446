package io.oichat;

import io.oichat.resources.AttachmentsAsync;
import io.oichat.resources.AuthAsync;
import io.oichat.resources.ChannelsAsync;
import io.oichat.resources.MessagesAsync;
import io.oichat.resources.RoomsAsync;
import io.oichat.resources.UsersAsync;
import io.oichat.resources.WebhooksAsync;

/**
 * The client's calls returning {@code CompletableFuture}s ({@code oichat.async()}): the same
 * signing, retries and errors as the synchronous calls, with nothing blocked while a call waits.
 * A failed call completes its future exceptionally with the {@link OiChatException} the
 * synchronous call would throw (wrapped in a {@code CompletionException} by {@code join()}).
 * Cancelling a future ({@code cancel(true)}) stops its call at once, retry waits included.
 */
public final class OiChatAsync {
    private final AuthAsync auth;
    private final UsersAsync users;
    private final RoomsAsync rooms;
    private final MessagesAsync messages;
    private final AttachmentsAsync attachments;
    private final WebhooksAsync webhooks;
    private final ChannelsAsync channels;

    OiChatAsync(AuthAsync auth, UsersAsync users, RoomsAsync rooms, MessagesAsync messages,
            AttachmentsAsync attachments, WebhooksAsync webhooks, ChannelsAsync channels) {
        this.auth = auth;
        this.users = users;
        this.rooms = rooms;
        this.messages = messages;
        this.attachments = attachments;
        this.webhooks = webhooks;
        this.channels = channels;
    }

    public AuthAsync auth() {
        return auth;
    }

    public UsersAsync users() {
        return users;
    }

    public RoomsAsync rooms() {
        return rooms;
    }

    public MessagesAsync messages() {
        return messages;
    }

    public AttachmentsAsync attachments() {
        return attachments;
    }

    /** Endpoint management; verifying a delivery needs no request: {@code oichat.webhooks().verify}. */
    public WebhooksAsync webhooks() {
        return webhooks;
    }

    public ChannelsAsync channels() {
        return channels;
    }
}
