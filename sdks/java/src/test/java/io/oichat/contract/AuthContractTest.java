package io.oichat.contract;

import static io.oichat.TestClients.uid;
import static io.oichat.contract.Assertions.assertApiError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.oichat.OiChat;
import io.oichat.OiChatApiException;
import io.oichat.TestClients;
import io.oichat.internal.Json;
import io.oichat.model.CreateTokenParams;
import io.oichat.model.RevokeTokensResponse;
import io.oichat.model.TokenResponse;
import io.oichat.model.UserInfo;
import io.oichat.model.UserRole;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** auth(): tokens issued, refreshed and revoked by the real server. */
class AuthContractTest {
    final OiChat oichat = TestClients.real();

    static JsonNode claims(String jwt) throws Exception {
        String[] parts = jwt.split("\\.");
        assertEquals(3, parts.length);
        return Json.tree(Base64.getUrlDecoder().decode(parts[1]));
    }

    @Test
    void issuesATokenCarryingEveryFieldGiven() throws Exception {
        String user = uid("user");
        Instant before = Instant.now();
        TokenResponse token = oichat.auth().createToken(CreateTokenParams.builder()
                .userId(user)
                .userName("John Doe")
                .userInfo(UserInfo.builder().avatarUrl("https://example.com/johnny.png").nickname("Johnny").badge("VIP")
                        .custom(Map.of("tier", "gold")).build())
                .channels("orders", "vip")
                .role(UserRole.AGENT)
                .build());
        JsonNode claims = claims(token.token());
        assertEquals(user, claims.get("sub").asText());
        assertEquals("John Doe", claims.get("name").asText());
        assertEquals("agent", claims.get("role").asText());
        assertEquals("[\"orders\",\"vip\"]", claims.get("channels").toString());
        assertEquals("{\"avatar_url\":\"https://example.com/johnny.png\",\"nickname\":\"Johnny\",\"badge\":\"VIP\","
                + "\"custom\":{\"tier\":\"gold\"}}", claims.get("user_info").toString());
        assertEquals(oichat.projectId(), claims.get("project_id").asText());
        // Valid 24 hours from issue.
        Duration validity = Duration.between(Instant.ofEpochSecond(claims.get("iat").asLong()), token.expiresAt());
        assertEquals(Duration.ofHours(24).toSeconds(), validity.toSeconds());
        assertTrue(!token.expiresAt().isBefore(before.plus(Duration.ofHours(24)).minusSeconds(1)));
        assertTrue(!token.toString().contains(token.token()), "toString hides the token");
    }

    @Test
    void refreshesATokenWithTheSameUserClaims() throws Exception {
        String user = uid("user");
        TokenResponse first = oichat.auth().createToken(CreateTokenParams.builder().userId(user).userName("Jo")
                .build());
        TokenResponse renewed = oichat.auth().refreshToken(first.token());
        JsonNode a = claims(first.token());
        JsonNode b = claims(renewed.token());
        assertEquals(a.get("sub"), b.get("sub"));
        assertEquals(a.get("name"), b.get("name"));
        assertNotEquals(a.get("jti"), b.get("jti"));
    }

    @Test
    void refusesATokenItDidNotIssue() {
        assertApiError(401, "invalid_token", () -> oichat.auth().refreshToken("not.a.jwt"));
    }

    @Test
    void revokesEveryTokenIssuedSoFar() {
        String user = uid("user");
        TokenResponse old = oichat.auth().createToken(CreateTokenParams.builder().userId(user).build());
        RevokeTokensResponse revoked = oichat.auth().revokeTokens(user);
        assertEquals(user, revoked.userId());
        assertApiError(401, "token_revoked", () -> oichat.auth().refreshToken(old.token()));
    }

    @Test
    void namesTheBrokenRule() {
        OiChatApiException e = assertApiError(400, "validation_failed",
                () -> oichat.auth().createToken(CreateTokenParams.builder().userId("no spaces allowed").build()));
        assertEquals(List.of("user_id"), e.details().stream().map(d -> d.field()).toList());
        assertTrue(e.details().get(0).rule() != null);
    }
}
