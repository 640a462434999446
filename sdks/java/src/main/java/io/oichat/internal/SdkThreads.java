package io.oichat.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SDK's threads, shared by every client in the JVM: a worker pool (the HTTP clients' executor,
 * on which answers are handled and futures completed) and one timer thread for timeouts and retry
 * waits. All daemons, so they never keep a JVM alive; idle workers end after a minute. The timer
 * only hands tasks to the workers, so an application callback chained on a future can never stall
 * another call's timeout. Internal: not part of the SDK's API.
 */
public final class SdkThreads {
    public static final ExecutorService WORKERS = Executors.newCachedThreadPool(daemonThreads("oichat-worker"));

    private static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1,
            daemonThreads("oichat-timer"));

    static {
        TIMER.setRemoveOnCancelPolicy(true);
    }

    /** Real time: the default for retry waits, and always for timeouts. */
    public static final Scheduler REAL_TIME = (delayMs, task) -> {
        ScheduledFuture<?> future = TIMER.schedule(() -> WORKERS.execute(task), delayMs, TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    };

    private SdkThreads() {}

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
