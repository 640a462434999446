package io.oichat.internal;

import java.nio.charset.StandardCharsets;

/**
 * Builds request targets ({@code /v1/rooms/room_1/participants/user%2B1?limit=20}) already
 * percent-encoded, so the string that is signed is byte for byte the one sent: the JDK's HTTP
 * client sends a URI's raw path and query as they are. Every byte but the unreserved
 * {@code A-Z a-z 0-9 - . _ ~} is encoded, in path segments and query values alike, which every
 * server decodes the same way. Internal: not part of the SDK's API.
 */
public final class UrlPath {
    private final StringBuilder path = new StringBuilder();
    private final StringBuilder query = new StringBuilder();

    private UrlPath(String prefix) {
        path.append(prefix);
    }

    /** Starts at a fixed, already valid path such as {@code /v1/rooms}. */
    public static UrlPath of(String prefix) {
        return new UrlPath(prefix);
    }

    /**
     * Appends {@code /} and one encoded path parameter. An empty or null id is refused before
     * anything is sent: an empty segment would address another route ({@code GET /v1/rooms/} is
     * not "get room").
     */
    public UrlPath segment(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("OiChat: " + name + " must be a non-empty string");
        }
        path.append('/').append(encode(value));
        return this;
    }

    /** Appends a fixed segment such as {@code participants}. */
    public UrlPath literal(String segment) {
        path.append('/').append(segment);
        return this;
    }

    /** Adds {@code name=value} to the query; a null value is left out. */
    public UrlPath query(String name, Object value) {
        if (value == null) return this;
        query.append(query.length() == 0 ? '?' : '&').append(encode(name)).append('=')
                .append(encode(String.valueOf(value)));
        return this;
    }

    /** Adds {@code name=value} once per value, in order (the form the API reads a repeated parameter in). */
    public UrlPath queryEach(String name, Iterable<String> values) {
        for (String value : values) query(name, value);
        return this;
    }

    /** The path alone, without query: what error messages name. */
    public String path() {
        return path.toString();
    }

    /** Path and query: the request target below the base URL. */
    public String target() {
        return path.toString() + query;
    }

    public static String encode(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
