package io.oichat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oichat.testing.TestServer;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** OiChatErrorCodes names exactly the codes docs/http-api.md documents, so neither drifts from the other. */
class ErrorCodesTest {
    // A row of the authentication failures table (| `code` | when |) or of the errors table (| 404 | `code` | …).
    private static final Pattern ROW = Pattern.compile("(?m)^\\| (?:\\d{3} \\| )?`([a-z_]+)` \\|");

    @Test
    void theConstantsAreTheDocumentedCodes() throws Exception {
        String docs = Files.readString(TestServer.repoRoot().resolve("docs/http-api.md"), StandardCharsets.UTF_8);
        int start = docs.indexOf("Failures are all `401`");
        int end = docs.indexOf("\n## Idempotency");
        assertTrue(start > 0 && end > start, "docs/http-api.md lost its authentication or errors section");
        Set<String> documented = new TreeSet<>();
        Matcher row = ROW.matcher(docs.substring(start, end));
        while (row.find()) documented.add(row.group(1));

        Set<String> constants = new TreeSet<>();
        for (Field field : OiChatErrorCodes.class.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers()) || field.getType() != String.class) continue;
            String code = (String) field.get(null);
            assertEquals(code.toUpperCase(Locale.ROOT), field.getName(), "a constant is named as its code");
            constants.add(code);
        }
        assertEquals(documented, constants, "docs/http-api.md and io.oichat.OiChatErrorCodes must list the same error"
                + " codes: add a documented code to OiChatErrorCodes (or drop one the docs no longer have)");
    }
}
