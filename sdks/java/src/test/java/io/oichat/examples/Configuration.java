package io.oichat.examples;

import io.oichat.OiChat;
import io.oichat.RequestOptions;
import io.oichat.model.CursorPage;
import io.oichat.model.ListRoomsParams;
import io.oichat.model.Room;
import java.time.Duration;

/** The README's configuration examples. */
public final class Configuration {
    private Configuration() {}

    /** Run by the tests in a JVM whose environment holds the server's credentials. */
    public static void main(String[] args) {
        OiChat oichat = configure();
        System.out.println(oichat + " listed " + requestOptions(oichat).data().size() + " rooms");
    }

    public static OiChat configure() {
        // readme:configuration
        OiChat oichat = OiChat.builder()
                .apiKey(System.getenv("OICHAT_API_KEY"))       // Required: "ak_live_…"
                .secretKey(System.getenv("OICHAT_SECRET_KEY")) // Required: "sk_…" (signs requests; never sent)
                .projectId(System.getenv("OICHAT_PROJECT_ID")) // Required: "proj_…"
                .baseUrl(System.getenv().getOrDefault("OICHAT_BASE_URL",
                        "https://api.oichatapi.com")) // Optional (default)
                .timeout(Duration.ofSeconds(10)) // Optional: per attempt (default: 10 s)
                .maxRetries(2)                   // Optional: retry count for 5xx/network errors (default: 2)
                .build();
        // readme:end
        return oichat;
    }

    public static CursorPage<Room> requestOptions(OiChat oichat) {
        // readme:request-options
        // Every call takes request options as its last argument.
        CursorPage<Room> rooms = oichat.rooms().list(
                ListRoomsParams.builder().userId("user-1").build(),
                RequestOptions.builder()
                        .timeout(Duration.ofSeconds(3)) // this call only: per-attempt timeout
                        .maxRetries(0)                  // this call only: no retries
                        .build());
        // readme:end
        return rooms;
    }
}
