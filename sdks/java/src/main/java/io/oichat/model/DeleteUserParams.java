package io.oichat.model;

/** {@code users().delete(userId, …)}: whether the user's messages are erased too. */
public final class DeleteUserParams {
    private static final DeleteUserParams KEEP_MESSAGES = new DeleteUserParams(null);

    private final Boolean redactMessages;

    private DeleteUserParams(Boolean redactMessages) {
        this.redactMessages = redactMessages;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The default: the user's messages stay in their rooms' histories. */
    public static DeleteUserParams keepMessages() {
        return KEEP_MESSAGES;
    }

    /** Erase the content and metadata of every message the user sent. */
    public static DeleteUserParams redactMessages() {
        return builder().redactMessages(true).build();
    }

    /** Null when not set (the server's default: false). */
    public Boolean redactMessagesOrNull() {
        return redactMessages;
    }

    @Override
    public String toString() {
        return "DeleteUserParams{redactMessages=" + redactMessages + "}";
    }

    public static final class Builder {
        private Boolean redactMessages;

        private Builder() {}

        /**
         * True: every message the user sent keeps its id, {@code seq}, sender and time, but its content
         * becomes {@code ""} and its metadata {@code {}}, with {@code redactedAt} set. Default false.
         */
        public Builder redactMessages(boolean redactMessages) {
            this.redactMessages = redactMessages;
            return this;
        }

        public DeleteUserParams build() {
            return new DeleteUserParams(redactMessages);
        }
    }
}
