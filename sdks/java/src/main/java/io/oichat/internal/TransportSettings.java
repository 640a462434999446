package io.oichat.internal;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Knobs for the SDK's own tests, outside the documented surface (reached only through a
 * package-private method of the client builder): the clock that stamps requests, the scheduler and
 * delays of retry waits, the jitter source, and the idempotency key and nonce generators. Internal: not part of
 * the SDK's API.
 */
public final class TransportSettings {
    public Clock clock = Clock.systemUTC();
    public Scheduler retryScheduler = SdkThreads.REAL_TIME;
    public long retryBaseDelayMs = RetryPolicy.DEFAULT_BASE_DELAY_MS;
    public long retryMaxDelayMs = RetryPolicy.DEFAULT_MAX_DELAY_MS;
    public long maxRetryAfterMs = RetryPolicy.DEFAULT_MAX_RETRY_AFTER_MS;
    public DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    public Supplier<String> idempotencyKeys = () -> UUID.randomUUID().toString();
    /** The X-OiChat-Nonce of each attempt: new every time, since the server accepts a signature once. */
    public Supplier<String> nonces = () -> UUID.randomUUID().toString();

    public TransportSettings copy() {
        TransportSettings copy = new TransportSettings();
        copy.clock = clock;
        copy.retryScheduler = retryScheduler;
        copy.retryBaseDelayMs = retryBaseDelayMs;
        copy.retryMaxDelayMs = retryMaxDelayMs;
        copy.maxRetryAfterMs = maxRetryAfterMs;
        copy.random = random;
        copy.idempotencyKeys = idempotencyKeys;
        copy.nonces = nonces;
        return copy;
    }
}
