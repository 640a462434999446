package io.oichat.examples;

// readme:webhook-bot
import com.sun.net.httpserver.HttpServer;
import io.oichat.OiChat;
import io.oichat.OiChatWebhookVerificationException;
import io.oichat.model.Message;
import io.oichat.model.MessageContentType;
import io.oichat.model.SendMessageParams;
import io.oichat.webhook.WebhookEvent;
import io.oichat.webhook.WebhookVerifier;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A support bot: answers every user message in a room, once. */
public class WebhookBot {
    static final String BOT_ID = "system";

    private final OiChat oichat;
    private final WebhookVerifier verifier;
    private final Set<String> answered = ConcurrentHashMap.newKeySet(); // deliveries are at least once
    private final ExecutorService work = Executors.newSingleThreadExecutor();

    public WebhookBot(OiChat oichat, String webhookSecret) {
        this.oichat = oichat;
        this.verifier = WebhookVerifier.builder().secret(webhookSecret).build();
    }

    public HttpServer start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/oichat/webhooks", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            WebhookEvent event;
            try {
                // Verify the raw bytes, before any JSON parsing.
                event = verifier.verify(body, exchange.getRequestHeaders());
            } catch (OiChatWebhookVerificationException e) {
                byte[] reason = e.reason().code().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(400, reason.length);
                exchange.getResponseBody().write(reason);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(204, -1); // acknowledge at once; the work below may take longer
            exchange.close();
            if (event instanceof WebhookEvent.MessageCreated created && answered.add(created.id())) {
                work.execute(() -> answer(created.message()));
            }
        });
        server.start();
        return server;
    }

    private void answer(Message message) {
        if (message.senderId().equals(BOT_ID)) return; // never answer ourselves
        try {
            oichat.messages().send(SendMessageParams.builder()
                    .roomId(message.roomId())
                    .senderId(BOT_ID)
                    .content("Thanks, " + message.senderId() + "! An agent will answer \"" + message.content()
                            + "\" shortly.")
                    .contentType(MessageContentType.SYSTEM)
                    .build());
        } catch (RuntimeException e) {
            System.err.println("bot failed: " + e.getMessage());
        }
    }
}
// readme:end
