package io.oichat.internal;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;

/**
 * What is retried and how long to wait, exactly as the Node SDK documents it (docs/http-api.md,
 * "Retries"): network errors, timeouts, 408, 429, 5xx and 409 {@code idempotency_in_progress}
 * are retried; the wait is the server's {@code Retry-After} when it sends one (up to 60 s; a
 * longer one returns the error instead of sleeping inside the call), else exponential backoff
 * 0.5 s, 1 s, 2 s, … capped at 8 s, each shortened by up to 25 % jitter so that clients that
 * failed together do not come back together. Internal: not part of the SDK's API.
 */
public final class RetryPolicy {
    public static final long DEFAULT_BASE_DELAY_MS = 500;
    public static final long DEFAULT_MAX_DELAY_MS = 8_000;
    public static final long DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

    private static final Pattern DELTA_SECONDS = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Pattern HAS_LETTER = Pattern.compile(".*[A-Za-z].*");

    private final long baseDelayMs;
    private final long maxDelayMs;
    private final long maxRetryAfterMs;
    private final DoubleSupplier random;

    public RetryPolicy(long baseDelayMs, long maxDelayMs, long maxRetryAfterMs, DoubleSupplier random) {
        this.baseDelayMs = baseDelayMs;
        this.maxDelayMs = maxDelayMs;
        this.maxRetryAfterMs = maxRetryAfterMs;
        this.random = random;
    }

    public static boolean isRetryableStatus(int status, String errorCode) {
        return status == 408 || status == 429 || status >= 500
                || status == 409 && "idempotency_in_progress".equals(errorCode);
    }

    /** Delay before retry number {@code retry} (0 for the first retry), when there is no Retry-After. */
    public static long computeBackoff(int retry, long baseMs, long maxMs, double random) {
        double exponential = Math.min(baseMs * Math.pow(2, retry), maxMs);
        return Math.round(exponential * (1 - 0.25 * random));
    }

    public long backoff(int retry) {
        return computeBackoff(retry, baseDelayMs, maxDelayMs, random.getAsDouble());
    }

    /**
     * The wait before the next attempt after an answer, or empty when the server asked for a wait
     * too long to sit through.
     */
    public OptionalLong delayAfterAnswer(int retry, String retryAfterHeader, Instant now) {
        OptionalLong retryAfter = parseRetryAfter(retryAfterHeader, now);
        if (retryAfter.isEmpty()) return OptionalLong.of(backoff(retry));
        return retryAfter.getAsLong() <= maxRetryAfterMs ? retryAfter : OptionalLong.empty();
    }

    /** Retry-After in ms, from either of its forms (delta-seconds or HTTP-date); empty if absent or unreadable. */
    public static OptionalLong parseRetryAfter(String value, Instant now) {
        if (value == null) return OptionalLong.empty();
        String trimmed = value.trim();
        if (DELTA_SECONDS.matcher(trimmed).matches()) {
            return OptionalLong.of(Math.round(Double.parseDouble(trimmed) * 1000));
        }
        // An HTTP-date always names its weekday and month; "-1" or "soon" is no date.
        if (!HAS_LETTER.matcher(trimmed).matches()) return OptionalLong.empty();
        try {
            Instant date = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return OptionalLong.of(Math.max(0, date.toEpochMilli() - now.toEpochMilli()));
        } catch (DateTimeParseException e) {
            return OptionalLong.empty();
        }
    }
}
