package io.oichat;

/**
 * No answer came: the connection failed or the last attempt timed out, after the SDK's retries;
 * or the calling thread was interrupted while it waited. {@link #getCause()} holds the
 * underlying exception ({@code ConnectException}, {@code HttpTimeoutException}, …).
 */
public class OiChatNetworkException extends OiChatException {
    private static final long serialVersionUID = 1L;

    private final boolean timedOut;

    public OiChatNetworkException(String message, Throwable cause, boolean timedOut) {
        super(message, cause);
        this.timedOut = timedOut;
    }

    /** True when the last attempt hit the call's timeout. */
    public boolean timedOut() {
        return timedOut;
    }
}
