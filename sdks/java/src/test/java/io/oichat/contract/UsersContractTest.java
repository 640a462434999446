package io.oichat.contract;

import static io.oichat.TestClients.uid;
import static io.oichat.contract.Assertions.assertApiError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oichat.OiChat;
import io.oichat.OiChatApiException;
import io.oichat.TestClients;
import io.oichat.model.CreateRoomParams;
import io.oichat.model.CreateTokenParams;
import io.oichat.model.CursorPage;
import io.oichat.model.DeleteUserParams;
import io.oichat.model.DeleteUserResponse;
import io.oichat.model.ListUsersParams;
import io.oichat.model.Message;
import io.oichat.model.Room;
import io.oichat.model.RoomType;
import io.oichat.model.SendMessageParams;
import io.oichat.model.TokenResponse;
import io.oichat.model.UpdateUserParams;
import io.oichat.model.User;
import io.oichat.model.UserInfo;
import io.oichat.model.UserRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * users(): the project's end users against the real server. Listing runs in a project of its own,
 * so the pages hold exactly the users these tests made.
 */
class UsersContractTest {
    static OiChat oichat;

    @BeforeAll
    static void project() {
        oichat = TestClients.real(TestClients.newProject("java users"));
    }

    static TokenResponse issue(String userId, UserRole role) {
        return oichat.auth().createToken(CreateTokenParams.builder().userId(userId).role(role).build());
    }

    @Test
    void aUserIsWhatCreateTokenToldTheServer() {
        String id = uid("customer");
        Instant before = Instant.now().minusSeconds(1);
        oichat.auth().createToken(CreateTokenParams.builder().userId(id).userName("Lee Min")
                .userInfo(UserInfo.builder().nickname("Min").custom(Map.of("tier", "gold")).build())
                .role(UserRole.AGENT).build());
        User user = oichat.users().get(id);
        assertEquals(id, user.userId());
        assertEquals("Lee Min", user.name());
        assertEquals(UserRole.AGENT, user.role());
        assertEquals(UserInfo.builder().nickname("Min").custom(Map.of("tier", "gold")).build(), user.info());
        assertTrue(user.createdAt().isAfter(before), user.toString());
        assertEquals(user, oichat.async().users().get(id).join());

        // A user who is only a participant, never issued a token, is not a user.
        String participant = uid("only-in-rooms");
        oichat.rooms().create(CreateRoomParams.builder().type(RoomType.GROUP).participants(id, participant).build());
        assertApiError(404, "user_not_found", () -> oichat.users().get(participant));
        assertThrows(IllegalArgumentException.class, () -> oichat.users().get(""));
    }

    @Test
    void idsWithEveryAllowedCharacterTravelInPathsAsSigned() {
        String odd = "a.b_c:d@e+f=g|h~i-" + uid("j");
        issue(odd, UserRole.USER);
        assertEquals(odd, oichat.users().get(odd).userId());
        assertEquals("Odd", oichat.users().update(odd, UpdateUserParams.builder().name("Odd").build()).name());
        assertEquals(odd, oichat.users().delete(odd).userId());
    }

    @Test
    void updatesNameInfoAndRoleAndClearsThem() {
        String id = uid("customer");
        oichat.auth().createToken(CreateTokenParams.builder().userId(id).userName("Old")
                .userInfo(UserInfo.builder().badge("VIP").build()).build());
        User updated = oichat.users().update(id, UpdateUserParams.builder().name("Lee Min")
                .info(UserInfo.builder().nickname("Min").build()).role(UserRole.AGENT).build());
        assertEquals("Lee Min", updated.name());
        assertEquals(UserInfo.builder().nickname("Min").build(), updated.info(), "info is replaced whole");
        assertEquals(UserRole.AGENT, updated.role());
        assertEquals(updated, oichat.users().get(id));

        User cleared = oichat.users().update(id, UpdateUserParams.builder().clearName().clearInfo().build());
        assertNull(cleared.name());
        assertEquals(UserInfo.builder().build(), cleared.info());
        assertEquals(UserRole.AGENT, cleared.role(), "a field not given is left as it is");

        OiChatApiException empty = assertApiError(400, "validation_failed",
                () -> oichat.users().update(id, UpdateUserParams.builder().build()));
        assertFalse(empty.details().isEmpty());
        assertApiError(400, "validation_failed", () -> oichat.users().update(id, UpdateUserParams.builder()
                .name("x".repeat(201)).build()));
        assertApiError(404, "user_not_found", () -> oichat.users().update(uid("nobody"), UpdateUserParams.builder()
                .name("x").build()));
    }

    @Test
    void listsNewestFirstByRolePageByPageAndAllAtOnce() {
        String tag = uid("list");
        List<String> agents = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = tag + "-agent-" + i;
            issue(id, UserRole.AGENT);
            agents.add(id);
            issue(tag + "-user-" + i, UserRole.USER);
        }
        Collections.reverse(agents);

        CursorPage<User> first = oichat.users().list(ListUsersParams.builder().role(UserRole.AGENT).limit(2).build());
        assertEquals(agents.subList(0, 2), first.data().stream().map(User::userId).toList());
        assertTrue(first.hasMore());
        CursorPage<User> second = oichat.users().list(ListUsersParams.builder().role(UserRole.AGENT).limit(2)
                .cursor(first.nextCursor()).build());
        assertEquals(agents.subList(2, 4), second.data().stream().map(User::userId).toList());

        List<String> all = new ArrayList<>();
        for (User user : oichat.users().listAll(ListUsersParams.builder().role(UserRole.AGENT).limit(2).build())) {
            if (user.userId().startsWith(tag)) all.add(user.userId());
        }
        assertEquals(agents, all);
        assertTrue(oichat.users().list().data().stream().anyMatch(u -> u.userId().equals(tag + "-user-4")));

        // A cursor pages only the list it came from.
        assertApiError(400, "invalid_cursor", () -> oichat.users().list(ListUsersParams.builder().role(UserRole.USER)
                .cursor(first.nextCursor()).build()));
    }

    @Test
    void deletingAUserRevokesTheirTokensAndTakesThemOutOfEveryRoom() {
        String id = uid("leaving");
        String other = uid("staying");
        TokenResponse token = issue(id, UserRole.USER);
        Room shared = oichat.rooms().create(CreateRoomParams.builder().type(RoomType.GROUP).participants(id, other)
                .build());
        Room alone = oichat.rooms().create(CreateRoomParams.builder().type(RoomType.GROUP).participants(id, uid("x"))
                .build());
        oichat.rooms().leave(alone.roomId(), alone.participants().get(1));
        Message kept = oichat.messages().send(SendMessageParams.builder().roomId(shared.roomId()).senderId(id)
                .content("still here").build());

        DeleteUserResponse deleted = oichat.users().delete(id);
        assertEquals(id, deleted.userId());
        assertNotNull(deleted.deletedAt());
        assertEquals(2, deleted.roomsLeft());
        assertEquals(1, deleted.roomsDeleted());
        assertEquals(0, deleted.messagesRedacted());

        assertApiError(404, "user_not_found", () -> oichat.users().get(id));
        assertApiError(401, "token_revoked", () -> oichat.auth().refreshToken(token.token()));
        assertEquals(List.of(other), oichat.rooms().get(shared.roomId()).participants());
        assertApiError(404, "room_not_found", () -> oichat.rooms().get(alone.roomId()));
        assertEquals(List.of(kept), oichat.messages().list(shared.roomId()).data(), "without redaction messages stay");
        // A repeat (say, a retry whose first answer was lost) finds no user.
        assertApiError(404, "user_not_found", () -> oichat.users().delete(id));
    }

    @Test
    void deletingWithRedactionErasesWhatTheyWrote() {
        String id = uid("erased");
        String other = uid("agent");
        issue(id, UserRole.USER);
        Room room = oichat.rooms().create(CreateRoomParams.builder().type(RoomType.GROUP).participants(id, other)
                .build());
        Message mine = oichat.messages().send(SendMessageParams.builder().roomId(room.roomId()).senderId(id)
                .content("my address is …").metadata(Map.of("phone", "010")).build());
        Message theirs = oichat.messages().send(SendMessageParams.builder().roomId(room.roomId()).senderId(other)
                .content("noted").build());
        assertNull(mine.redactedAt());

        DeleteUserResponse deleted = oichat.async().users().delete(id, DeleteUserParams.redactMessages()).join();
        assertEquals(1, deleted.messagesRedacted());

        List<Message> history = oichat.messages().list(room.roomId()).data();
        Message erased = history.get(0);
        assertEquals(mine.messageId(), erased.messageId());
        assertEquals(mine.seq(), erased.seq());
        assertEquals(id, erased.senderId());
        assertEquals("", erased.content());
        assertEquals(Map.of(), erased.metadata());
        assertNotNull(erased.redactedAt());
        assertEquals(theirs, history.get(1));

        CompletionException e = assertThrows(CompletionException.class,
                () -> oichat.async().users().delete(id, DeleteUserParams.redactMessages()).join());
        assertEquals("user_not_found", ((OiChatApiException) e.getCause()).errorCode());
    }
}
