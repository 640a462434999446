package io.oichat.internal;

import io.oichat.OiChatConfigException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The rules for configuration values, shared by the client builder and per-call options, worded as
 * the Node SDK words them. Messages name the field, never the value: the value might be the secret.
 * Internal: not part of the SDK's API.
 */
public final class Limits {
    /** The Node SDK's ceiling (a JavaScript timer's), kept so both accept the same settings. */
    public static final long MAX_TIMEOUT_MS = 2_147_483_647L;

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

    private Limits() {}

    public static boolean isIdempotencyKey(String key) {
        return IDEMPOTENCY_KEY.matcher(key).matches();
    }

    public static Duration checkTimeout(Duration timeout, String field, String label) {
        // Whole milliseconds from 1 ms: compared before toMillis(), which overflows on huge durations.
        if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(Duration.ofMillis(MAX_TIMEOUT_MS)) > 0) {
            throw new OiChatConfigException(field,
                    "OiChat: " + label + " must be a positive duration of at most 2147483647 ms");
        }
        return timeout;
    }

    public static int checkMaxRetries(int maxRetries, String field, String label) {
        if (maxRetries < 0) {
            throw new OiChatConfigException(field, "OiChat: " + label + " must be a non-negative integer");
        }
        return maxRetries;
    }
}
