package io.oichat.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.oichat.internal.Json;
import io.oichat.model.Message;
import io.oichat.model.Room;
import io.oichat.model.TokenResponse;
import io.oichat.model.User;
import io.oichat.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The response records have exactly the fields of the real server's OpenAPI schemas, so a field
 * the server adds (as the message features added nine to Message) cannot be missed by the SDK.
 */
class ResponseSchemasContractTest {
    static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    static Set<String> fields(Class<? extends Record> type) {
        Set<String> names = new TreeSet<>();
        Arrays.stream(type.getRecordComponents()).forEach(c -> names.add(SNAKE.translate(c.getName())));
        return names;
    }

    static Set<String> documented(JsonNode schemas, String name) {
        Set<String> names = new TreeSet<>();
        schemas.path(name).path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void theRecordsHoldEveryFieldTheServerDocuments() throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(TestServer.get().baseUrl + "/v1/openapi.json")).build(), HttpResponse.BodyHandlers
                .ofByteArray());
        assertEquals(200, response.statusCode());
        JsonNode schemas = Json.tree(response.body()).path("components").path("schemas");

        Set<String> message = documented(schemas, "Message");
        // Only the end-user API (/v1/me) answers which reaction types are the user's; a backend never gets it.
        assertTrue(message.remove("own_reactions"), "Message documents own_reactions");
        assertEquals(message, fields(Message.class), "Message");
        assertEquals(documented(schemas, "Attachment"), fields(io.oichat.model.Attachment.class), "Attachment");
        assertEquals(documented(schemas, "Room"), fields(Room.class), "Room");
        assertEquals(documented(schemas, "User"), fields(User.class), "User");
        assertEquals(documented(schemas, "TokenResponse"), fields(TokenResponse.class), "TokenResponse");
    }
}
