package io.oichat.internal;

/**
 * Runs a task after a delay, cancellably: the retry waits go through one, so tests can drive them
 * with a manual clock instead of real time. Internal: not part of the SDK's API.
 */
public interface Scheduler {
    /** A scheduled task that has not run yet can be cancelled; cancelling one that ran does nothing. */
    interface Scheduled {
        void cancel();
    }

    Scheduled schedule(long delayMs, Runnable task);
}
