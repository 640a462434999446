package io.oichat.testing;

import io.oichat.internal.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A controllable clock for retry waits: records each wait the SDK asks for and runs it only when
 * the test says so, so tests assert the delays themselves instead of timing them.
 */
public final class ManualScheduler implements Scheduler {
    /** One wait asked for. */
    public static final class Wait implements Scheduled {
        public final long delayMs;
        private final Runnable task;
        private boolean cancelled;
        private boolean ran;

        Wait(long delayMs, Runnable task) {
            this.delayMs = delayMs;
            this.task = task;
        }

        @Override
        public synchronized void cancel() {
            cancelled = true;
        }

        public synchronized boolean cancelled() {
            return cancelled;
        }

        /** Runs the task unless it was cancelled; returns whether it ran. */
        public boolean fire() {
            synchronized (this) {
                if (cancelled || ran) return false;
                ran = true;
            }
            task.run();
            return true;
        }
    }

    private final List<Wait> waits = new ArrayList<>();
    private final boolean immediate;

    public ManualScheduler() {
        this(false);
    }

    private ManualScheduler(boolean immediate) {
        this.immediate = immediate;
    }

    @Override
    public Scheduled schedule(long delayMs, Runnable task) {
        Wait wait = new Wait(delayMs, task);
        synchronized (this) {
            waits.add(wait);
            notifyAll();
        }
        // On another thread, as a real timer would: never inside the SDK's own call stack.
        if (immediate) new Thread(wait::fire, "immediate-retry").start();
        return wait;
    }

    public synchronized List<Wait> waits() {
        return List.copyOf(waits);
    }

    /** Waits (in real time, for the SDK's worker threads) until the SDK asked for the n-th wait. */
    public synchronized Wait awaitWait(int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (waits.size() < n) {
            long left = end - System.nanoTime();
            if (left <= 0) throw new AssertionError("expected wait #" + n + ", the SDK asked for " + waits.size());
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return waits.get(n - 1);
    }

    /** Fires every wait as soon as it is asked for: retries without delay, the delays still recorded. */
    public static ManualScheduler immediate() {
        return new ManualScheduler(true);
    }
}
