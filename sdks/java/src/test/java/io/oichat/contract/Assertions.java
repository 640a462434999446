package io.oichat.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.oichat.OiChatApiException;
import org.junit.jupiter.api.function.Executable;

/** Shared checks of the contract tests. */
final class Assertions {
    private Assertions() {}

    /** The call fails with the server's status and code, and carries the request id to quote. */
    static OiChatApiException assertApiError(int status, String code, Executable call) {
        OiChatApiException e = assertThrows(OiChatApiException.class, call);
        assertEquals(status, e.statusCode(), e.getMessage());
        assertEquals(code, e.errorCode(), e.getMessage());
        assertNotNull(e.requestId());
        return e;
    }
}
