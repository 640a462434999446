package io.oichat.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.oichat.internal.Json;
import io.oichat.model.AttachmentSettings;
import io.oichat.model.ChannelEventResponse;
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
        return names(schemas.path(name));
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

        // Answers whose schema is the route's own rather than a named component.
        JsonNode paths = Json.tree(response.body()).path("paths");
        JsonNode settings = answer(paths, "/v1/attachments/settings", "get", "200");
        assertEquals(names(settings), fields(AttachmentSettings.class), "AttachmentSettings");
        assertEquals(names(settings.at("/properties/effective")), fields(AttachmentSettings.Limits.class), "effective");
        assertEquals(names(settings.at("/properties/server")), fields(AttachmentSettings.Limits.class), "server");
        assertEquals(names(answer(paths, "/v1/attachments/settings", "patch", "200")),
                fields(AttachmentSettings.class), "AttachmentSettings (update)");
        assertEquals(names(answer(paths, "/v1/channels/{channel}/events", "post", "202")),
                fields(ChannelEventResponse.class), "ChannelEventResponse");
    }

    static JsonNode answer(JsonNode paths, String path, String method, String status) {
        JsonNode schema = paths.path(path).path(method).path("responses").path(status).path("content")
                .path("application/json").path("schema");
        assertTrue(schema.isObject(), method + " " + path + " documents its " + status + " answer");
        return schema;
    }

    static Set<String> names(JsonNode schema) {
        Set<String> names = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }
}
