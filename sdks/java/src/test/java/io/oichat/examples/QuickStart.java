package io.oichat.examples;

// readme:quick-start
import io.oichat.OiChat;
import io.oichat.model.CreateRoomParams;
import io.oichat.model.CreateTokenParams;
import io.oichat.model.MessageContentType;
import io.oichat.model.Room;
import io.oichat.model.RoomType;
import io.oichat.model.SendMessageParams;
import io.oichat.model.TokenResponse;

public class QuickStart {
    public static void main(String[] args) {
        // OICHAT_API_KEY ("ak_live_…"), OICHAT_SECRET_KEY ("sk_…"), OICHAT_PROJECT_ID ("proj_…"),
        // OICHAT_BASE_URL (your server; when unset: https://api.oichatapi.com)
        OiChat oichat = OiChat.fromEnv();

        // 1. Issue JWT token for a user
        TokenResponse token = oichat.auth().createToken(CreateTokenParams.builder()
                .userId("user-123")
                .userName("John Doe")
                .build());

        // 2. Create a chat room
        Room room = oichat.rooms().create(CreateRoomParams.builder()
                .type(RoomType.GROUP)
                .name("Order #1234 Support")
                .participants("user-123", "agent-1")
                .build());

        // 3. Send a system message
        oichat.messages().send(SendMessageParams.builder()
                .roomId(room.roomId())
                .senderId("system")
                .content("Your order has been confirmed.")
                .contentType(MessageContentType.SYSTEM)
                .build());

        System.out.println("token for user-123 expires at " + token.expiresAt() + "; room " + room.roomId());
    }
}
// readme:end
