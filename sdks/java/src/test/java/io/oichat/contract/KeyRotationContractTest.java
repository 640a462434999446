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
import io.oichat.TestClients.Credentials;
import io.oichat.internal.Json;
import io.oichat.model.CreateTokenParams;
import io.oichat.examples.TokenRenewal;
import io.oichat.model.TokenResponse;
import io.oichat.model.UserRole;
import io.oichat.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a backend sees when an operator rotates keys with the real server's CLI (docs/http-api.md,
 * "Key rotation" and "Signing-key rotation"): each test in a project of its own, since rotating
 * affects every client of the project.
 */
class KeyRotationContractTest {
    static String kid(String jwt) throws Exception {
        return Json.tree(Base64.getUrlDecoder().decode(jwt.split("\\.")[0])).get("kid").asText();
    }

    static String claim(String jwt, String name) throws Exception {
        return Json.tree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1])).get(name).asText();
    }

    static JsonNode rotateSigningKey(String projectId, boolean retireNow) throws Exception {
        List<String> args = new ArrayList<>(List.of("keys", "rotate-signing-key", "--project", projectId));
        if (retireNow) args.add("--retire-now");
        return Json.tree(TestServer.get().cli(args.toArray(String[]::new)).getBytes());
    }

    static List<String> jwksKids(String projectId) throws Exception {
        // HTTP/1.1: the JDK's default asks plain http for an h2c upgrade, which this server answers 404.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(TestServer.get().baseUrl
                + "/v1/projects/" + projectId + "/.well-known/jwks.json")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), new String(response.body()));
        List<String> kids = new ArrayList<>();
        Json.tree(response.body()).get("keys").forEach(key -> kids.add(key.get("kid").asText()));
        return kids;
    }

    @Test
    void afterASigningKeyRotationOldTokensStillRefreshIntoTokensOfTheNewKey() throws Exception {
        Credentials project = TestClients.newProject("java signing rotation");
        OiChat oichat = TestClients.real(project);
        String user = uid("user");
        TokenResponse before = oichat.auth().createToken(CreateTokenParams.builder().userId(user)
                .role(UserRole.AGENT).build());
        String oldKid = kid(before.token());

        JsonNode rotated = rotateSigningKey(project.projectId(), false);
        String newKid = rotated.get("kid").asText();
        assertNotEquals(oldKid, newKid);
        assertEquals(oldKid, rotated.get("previous_kids").get(0).asText());

        // Nobody is signed out: the old token refreshes, into one signed by the new key, and both
        // keys are in the JWKS for verifiers of your own.
        TokenResponse refreshed = oichat.auth().refreshToken(before.token());
        assertEquals(newKid, kid(refreshed.token()));
        assertEquals(user, claim(refreshed.token(), "sub"));
        assertEquals(newKid, kid(oichat.auth().createToken(CreateTokenParams.builder().userId(user)
                .role(UserRole.AGENT).build()).token()));
        List<String> published = jwksKids(project.projectId());
        assertTrue(published.containsAll(List.of(oldKid, newKid)), published.toString());

        // A key retired at once (it leaked): every token it signed is refused, also for refresh.
        JsonNode retired = rotateSigningKey(project.projectId(), true);
        String latestKid = retired.get("kid").asText();
        OiChatApiException e = assertApiError(401, "invalid_token", () -> oichat.auth().refreshToken(refreshed
                .token()));
        assertTrue(e.getMessage().contains("retired"), e.getMessage());
        assertApiError(401, "invalid_token", () -> oichat.auth().refreshToken(before.token()));
        assertEquals(List.of(latestKid), jwksKids(project.projectId()));
        // createToken is the way back: the README's renewal falls back to it, keeping the user's role.
        TokenResponse renewed = TokenRenewal.renewFor(oichat, user, refreshed.token());
        assertEquals(latestKid, kid(renewed.token()));
        assertEquals("agent", claim(renewed.token(), "role"));
        // And while the token can be refreshed, it is.
        TokenResponse again = TokenRenewal.renewFor(oichat, user, renewed.token());
        assertNotEquals(claim(renewed.token(), "jti"), claim(again.token(), "jti"));
        assertEquals("agent", claim(again.token(), "role"));
        // A revoked user's token is not renewed behind the operator's back.
        oichat.auth().revokeTokens(user);
        assertApiError(401, "token_revoked", () -> TokenRenewal.renewFor(oichat, user, again.token()));
    }

    @Test
    void afterAnApiKeyRotationBothPairsWorkForTheGraceThenOnlyTheNewOne() {
        Credentials first = TestClients.newProject("java key rotation");
        OiChat deployed = TestClients.real(first);
        deployed.rooms().list();

        Credentials second = TestClients.rotateKeys(first.projectId(), 24);
        assertEquals(first.projectId(), second.projectId());
        assertNotEquals(first.apiKey(), second.apiKey());
        OiChat switched = TestClients.real(second);
        // Both pairs sign valid requests during the grace period, so backends switch one at a time.
        assertEquals(0, deployed.rooms().list().data().size());
        assertEquals(0, switched.rooms().list().data().size());

        // A rotation with no grace revokes the pair that was current: 401 invalid_api_key. A server may
        // keep a key it checked for a few seconds when the rotation is made beside it (this CLI, on the
        // database), so the refusal is awaited, not expected on the very next request.
        Credentials third = TestClients.rotateKeys(first.projectId(), 0);
        OiChatApiException refused = TestServer.until(Duration.ofSeconds(20), () -> {
            try {
                switched.rooms().list();
                return null;
            } catch (OiChatApiException e) {
                return e;
            }
        });
        assertEquals(401, refused.statusCode());
        assertEquals("invalid_api_key", refused.errorCode());
        assertTrue(refused.getMessage().length() > 0);
        assertEquals(0, TestClients.real(third).rooms().list().data().size());
    }
}
