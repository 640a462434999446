package io.oichat;

import io.oichat.internal.Limits;
import io.oichat.internal.SdkVersion;
import io.oichat.internal.Transport;
import io.oichat.internal.TransportSettings;
import io.oichat.resources.Attachments;
import io.oichat.resources.AttachmentsAsync;
import io.oichat.resources.Auth;
import io.oichat.resources.AuthAsync;
import io.oichat.resources.Channels;
import io.oichat.resources.ChannelsAsync;
import io.oichat.resources.Messages;
import io.oichat.resources.MessagesAsync;
import io.oichat.resources.Rooms;
import io.oichat.resources.RoomsAsync;
import io.oichat.resources.Users;
import io.oichat.resources.UsersAsync;
import io.oichat.resources.Webhooks;
import io.oichat.resources.WebhooksAsync;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The OiChat client for your backend: signs every request with the project's secret key (which
 * never leaves the process), retries what is safe to retry with one idempotency key per call, and
 * turns every failure into an {@link OiChatException}. Immutable and thread-safe: build one and
 * share it.
 *
 * <pre>{@code
 * OiChat oichat = OiChat.builder()
 *     .apiKey("ak_live_…")
 *     .secretKey("sk_…")
 *     .projectId("proj_…")
 *     .baseUrl("http://127.0.0.1:8080") // default https://api.oichatapi.com
 *     .build();
 * }</pre>
 *
 * Every call exists synchronously ({@code oichat.rooms().create(…)}) and asynchronously
 * ({@code oichat.async().rooms().create(…)}, a {@code CompletableFuture}) on the same client.
 */
public final class OiChat {
    public static final String DEFAULT_BASE_URL = "https://api.oichatapi.com";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_RETRIES = 2;
    /** This SDK's version. */
    public static final String VERSION = SdkVersion.VERSION;

    private final String baseUrl;
    private final String projectId;
    private final Duration timeout;
    private final int maxRetries;
    private final Auth auth;
    private final Users users;
    private final Rooms rooms;
    private final Messages messages;
    private final Attachments attachments;
    private final Webhooks webhooks;
    private final Channels channels;
    private final OiChatAsync async;

    private OiChat(URI baseUrl, String projectId, String apiKey, String secretKey, Duration timeout, int maxRetries,
            TransportSettings settings) {
        this.baseUrl = baseUrl.toString();
        this.projectId = projectId;
        this.timeout = timeout;
        this.maxRetries = maxRetries;
        // Only the transport's signer sees the secret; this object keeps no copy to be logged.
        Transport transport = new Transport(baseUrl, projectId, apiKey, secretKey, timeout, maxRetries, settings);
        AuthAsync authAsync = new AuthAsync(transport);
        UsersAsync usersAsync = new UsersAsync(transport);
        RoomsAsync roomsAsync = new RoomsAsync(transport);
        MessagesAsync messagesAsync = new MessagesAsync(transport);
        AttachmentsAsync attachmentsAsync = new AttachmentsAsync(transport);
        WebhooksAsync webhooksAsync = new WebhooksAsync(transport);
        ChannelsAsync channelsAsync = new ChannelsAsync(transport);
        this.async = new OiChatAsync(authAsync, usersAsync, roomsAsync, messagesAsync, attachmentsAsync,
                webhooksAsync, channelsAsync);
        this.auth = new Auth(authAsync);
        this.users = new Users(usersAsync);
        this.rooms = new Rooms(roomsAsync);
        this.messages = new Messages(messagesAsync);
        this.attachments = new Attachments(attachmentsAsync);
        this.webhooks = new Webhooks(webhooksAsync);
        this.channels = new Channels(channelsAsync);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A client configured from the environment: {@code OICHAT_API_KEY}, {@code OICHAT_SECRET_KEY},
     * {@code OICHAT_PROJECT_ID} (required) and {@code OICHAT_BASE_URL} (optional). Throws
     * {@link OiChatConfigException} naming the variable that is missing or malformed.
     */
    public static OiChat fromEnv() {
        return fromEnv(System.getenv());
    }

    static OiChat fromEnv(Map<String, String> env) {
        Builder builder = builder().apiKey(env.get("OICHAT_API_KEY")).secretKey(env.get("OICHAT_SECRET_KEY"))
                .projectId(env.get("OICHAT_PROJECT_ID"));
        String baseUrl = env.get("OICHAT_BASE_URL");
        if (baseUrl != null && !baseUrl.isEmpty()) builder.baseUrl(baseUrl);
        return builder.build(true);
    }

    /** User tokens: {@code createToken}, {@code refreshToken}, {@code revokeTokens}. */
    public Auth auth() {
        return auth;
    }

    /** Users: {@code list}, {@code listAll}, {@code get}, {@code update}, {@code delete}. */
    public Users users() {
        return users;
    }

    /** Rooms: {@code create}, {@code list}, {@code get}, {@code update}, {@code delete}, participants, leave. */
    public Rooms rooms() {
        return rooms;
    }

    /**
     * Messages: {@code send}, {@code list} (history), and after sending: {@code get}, {@code update},
     * {@code delete}, reactions, {@code replies}, pins, {@code search}.
     */
    public Messages messages() {
        return messages;
    }

    /** Files and images for messages: {@code upload}, {@code get}, {@code settings}, {@code updateSettings}. */
    public Attachments attachments() {
        return attachments;
    }

    /** Webhook endpoints, their attempts, resend; and {@code verify} for deliveries. */
    public Webhooks webhooks() {
        return webhooks;
    }

    /** Live channel events: {@code publish}. */
    public Channels channels() {
        return channels;
    }

    /** The same calls returning {@code CompletableFuture}s, on this client's settings and connections. */
    public OiChatAsync async() {
        return async;
    }

    /** The base URL requests go to, without trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    public String projectId() {
        return projectId;
    }

    /** The default per-attempt timeout. */
    public Duration timeout() {
        return timeout;
    }

    /** The default number of retries. */
    public int maxRetries() {
        return maxRetries;
    }

    /** The public settings only: never a key. */
    @Override
    public String toString() {
        return "OiChat(" + projectId + " @ " + baseUrl + ", timeout=" + timeout + ", maxRetries=" + maxRetries + ")";
    }

    /** Collects the settings; {@link #build()} checks them all at once. Not thread-safe; the client it builds is. */
    public static final class Builder {
        // Credentials travel in HTTP headers, so they must be visible ASCII without spaces; the
        // prefixes are the ones the server gives its ids, which catches swapped fields.
        private static final Pattern API_KEY = Pattern.compile("ak_[\\x21-\\x7e]+");
        private static final Pattern SECRET_KEY = Pattern.compile("sk_[\\x21-\\x7e]+");
        private static final Pattern PROJECT_ID = Pattern.compile("proj_[\\x21-\\x7e]+");

        private String apiKey;
        private String secretKey;
        private String projectId;
        private String baseUrl;
        private Duration timeout;
        private Integer maxRetries;
        private TransportSettings settings = new TransportSettings();

        private Builder() {}

        /** Required: the project's api key, {@code ak_live_…}; sent with each request. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** Required: the secret key, {@code sk_…}; signs each request (HMAC-SHA256) and is never sent. */
        public Builder secretKey(String secretKey) {
            this.secretKey = secretKey;
            return this;
        }

        /** Required: the project id, {@code proj_…}. */
        public Builder projectId(String projectId) {
            this.projectId = projectId;
            return this;
        }

        /** The server; default {@code https://api.oichatapi.com}. May carry a path prefix (a reverse proxy's). */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /** Time limit of each attempt, reading the answer included; default 10 seconds. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Retries after the first attempt (5xx, 408, 429, 409 in progress, network errors); default 2, 0: none. */
        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        /** The SDK's own tests: clock, retry scheduler and delays. Not part of the API. */
        Builder transportSettings(TransportSettings settings) {
            this.settings = settings.copy();
            return this;
        }

        /** Throws {@link OiChatConfigException}, naming the field, when one is missing or malformed. */
        public OiChat build() {
            return build(false);
        }

        private OiChat build(boolean fromEnv) {
            String key = credential(apiKey, "apiKey", "OICHAT_API_KEY", "ak_", API_KEY, fromEnv);
            String secret = credential(secretKey, "secretKey", "OICHAT_SECRET_KEY", "sk_", SECRET_KEY, fromEnv);
            String project = credential(projectId, "projectId", "OICHAT_PROJECT_ID", "proj_", PROJECT_ID, fromEnv);
            URI base = resolveBaseUrl(baseUrl, fromEnv ? "OICHAT_BASE_URL" : "baseUrl");
            Duration t = timeout == null ? DEFAULT_TIMEOUT : Limits.checkTimeout(timeout, "timeout", "config.timeout");
            int retries = maxRetries == null ? DEFAULT_MAX_RETRIES
                    : Limits.checkMaxRetries(maxRetries, "maxRetries", "config.maxRetries");
            return new OiChat(base, project, key, secret, t, retries, settings);
        }

        private static String credential(String value, String field, String envName, String prefix, Pattern pattern,
                boolean fromEnv) {
            String name = fromEnv ? envName : field;
            String label = fromEnv ? "environment variable " + envName : "config." + field;
            if (value == null || value.isEmpty()) {
                throw new OiChatConfigException(name, "OiChat: " + label + (fromEnv ? " is not set" : " is required"));
            }
            if (!pattern.matcher(value).matches()) {
                throw new OiChatConfigException(name, "OiChat: " + label + " is malformed: expected \"" + prefix
                        + "\" followed by visible ASCII characters, without spaces");
            }
            return value;
        }

        private static URI resolveBaseUrl(String value, String field) {
            String label = field.startsWith("OICHAT") ? "environment variable " + field : "config." + field;
            if (value == null) value = DEFAULT_BASE_URL;
            if (value.isEmpty()) throw new OiChatConfigException(field, "OiChat: " + label + " must not be empty");
            URI uri;
            try {
                uri = new URI(value);
            } catch (URISyntaxException e) {
                throw new OiChatConfigException(field, "OiChat: " + label + " is not a valid URL");
            }
            String scheme = uri.getScheme();
            if (scheme == null || !scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
                throw new OiChatConfigException(field, "OiChat: " + label + " must be an http(s) URL");
            }
            if (uri.getHost() == null) {
                throw new OiChatConfigException(field, "OiChat: " + label + " is not a valid URL");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw new OiChatConfigException(field,
                        "OiChat: " + label + " must not carry credentials, a query or a fragment");
            }
            // Sent as ASCII (the JDK would send other characters raw), without trailing slashes.
            URI ascii = URI.create(uri.toASCIIString());
            String path = ascii.getRawPath() == null ? "" : ascii.getRawPath().replaceAll("/+$", "");
            return URI.create(scheme.toLowerCase(java.util.Locale.ROOT) + "://" + ascii.getRawAuthority() + path);
        }

        @Override
        public String toString() {
            return "OiChat.Builder(" + projectId + " @ " + baseUrl + ")";
        }
    }
}
