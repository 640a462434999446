package io.oichat;

/**
 * No answer came: the connection failed or the last attempt timed out, after the SDK's retries;
 * or the calling thread was interrupted while it waited. {@link #getCause()} holds the
 * underlying exception ({@code ConnectException}, {@code HttpTimeoutException}, …). The message
 * names the URL tried ({@code POST https://api.oichatapi.com/v1/auth/token failed: …}), so a
 * missing or wrong {@code baseUrl} shows at once.
 */
public class OiChatNetworkException extends OiChatException {
    private static final long serialVersionUID = 1L;

    private final boolean timedOut;
    private final String method;
    private final String url;

    public OiChatNetworkException(String message, Throwable cause, boolean timedOut) {
        this(message, cause, timedOut, null, null);
    }

    public OiChatNetworkException(String message, Throwable cause, boolean timedOut, String method, String url) {
        super(message, cause);
        this.timedOut = timedOut;
        this.method = method;
        this.url = url;
    }

    /** True when the last attempt hit the call's timeout. */
    public boolean timedOut() {
        return timedOut;
    }

    /** The method of the request that failed, e.g. {@code POST}; null for an interrupted wait. */
    public String method() {
        return method;
    }

    /**
     * The URL it was sent to, without the query, e.g. {@code https://chat.example.com/v1/auth/token};
     * null for an interrupted wait.
     */
    public String url() {
        return url;
    }
}
