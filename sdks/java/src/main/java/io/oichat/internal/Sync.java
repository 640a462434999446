package io.oichat.internal;

import io.oichat.OiChatException;
import io.oichat.OiChatNetworkException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * How a synchronous call waits on the asynchronous core. The SDK's exception is rethrown as is,
 * with its stack trace refilled on the calling thread, so it points at the application's call
 * rather than at the SDK's worker thread. An interrupt cancels the call (the attempt under way and
 * any retry wait), keeps the thread's interrupt flag and throws {@link OiChatNetworkException}.
 * Internal: not part of the SDK's API.
 */
public final class Sync {
    private Sync() {}

    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new OiChatNetworkException("OiChat: the call was interrupted", e, false);
        } catch (ExecutionException e) {
            Throwable cause = Transport.unwrap(e);
            if (cause instanceof OiChatException oiChat) {
                oiChat.fillInStackTrace();
                throw oiChat;
            }
            if (cause instanceof RuntimeException runtime) throw runtime;
            if (cause instanceof Error error) throw error;
            throw new OiChatException("OiChat: the call failed: " + cause, cause);
        }
    }
}
