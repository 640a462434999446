package io.oichat.contract;

import static io.oichat.TestClients.uid;
import static io.oichat.contract.Assertions.assertApiError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oichat.OiChat;
import io.oichat.OiChatErrorCodes;
import io.oichat.TestClients;
import io.oichat.model.CreateRoomParams;
import io.oichat.model.CursorPage;
import io.oichat.model.Message;
import io.oichat.model.Room;
import io.oichat.model.RoomType;
import io.oichat.model.SearchMessagesParams;
import io.oichat.model.SendMessageParams;
import io.oichat.model.UpdateMessageParams;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** messages().search against the real server: words and substrings, English and Korean, pages, filters. */
class MessageSearchContractTest {
    final OiChat oichat = TestClients.real();
    final String alice = uid("alice");
    final String bob = uid("bob");
    final Room room = oichat.rooms().create(CreateRoomParams.builder().type(RoomType.GROUP).participants(alice, bob)
            .build());
    // A word no other test's message holds, so project-wide results are this test's alone.
    final String word = "zq" + uid("w").substring(2).replace("-", "");

    Message send(Room in, String sender, String content) {
        return oichat.messages().send(SendMessageParams.builder().roomId(in.roomId()).senderId(sender)
                .content(content).build());
    }

    static List<String> contents(CursorPage<Message> page) {
        return page.data().stream().map(Message::content).toList();
    }

    @Test
    void findsEveryWordAsACaseInsensitiveSubstringNewestFirstPageByPage() {
        Message first = send(room, alice, "first " + word + " parcel");
        Message second = send(room, bob, word.toUpperCase(Locale.ROOT) + " second parcel");
        send(room, bob, "parcel without it");

        SearchMessagesParams query = SearchMessagesParams.builder().query(word).limit(1).build();
        CursorPage<Message> page1 = oichat.messages().search(query);
        assertEquals(List.of(second.content()), contents(page1));
        assertEquals(room.roomId(), page1.data().get(0).roomId());
        assertEquals(second.seq(), page1.data().get(0).seq());
        assertTrue(page1.hasMore());
        CursorPage<Message> page2 = oichat.messages().search(query.toBuilder().cursor(page1.nextCursor()).build());
        assertEquals(List.of(first.content()), contents(page2));
        assertFalse(page2.hasMore());
        assertNull(page2.nextCursor());

        // Every word must be in the message, each as a part of a word.
        assertEquals(List.of(first.content()), contents(oichat.messages().search(SearchMessagesParams.of(
                "irs " + word.substring(1, 6) + " parc"))));
        assertEquals(List.of(first.content()), contents(oichat.messages().search(SearchMessagesParams.builder()
                .query(word).senderId(alice).build())));
    }

    @Test
    void searchAllWalksEveryPageNewestFirst() {
        List<String> sent = new java.util.ArrayList<>();
        for (int i = 1; i <= 5; i++) sent.add(0, send(room, alice, word + " #" + i).content());
        List<String> all = new java.util.ArrayList<>();
        oichat.messages().searchAll(SearchMessagesParams.builder().query(word).limit(2).build()).forEach(m -> all.add(
                m.content()));
        assertEquals(sent, all);
    }

    @Test
    void findsKoreanByAPartOfAWord() {
        Room korean = oichat.rooms().create(CreateRoomParams.builder().type(RoomType.GROUP).participants(alice, bob)
                .build());
        Message sorry = send(korean, bob, "배송이 늦어져서 죄송합니다 " + word);
        send(korean, alice, "감사합니다");
        List<Message> found = oichat.messages().search(SearchMessagesParams.builder().query("늦어")
                .roomId(korean.roomId()).build()).data();
        assertEquals(List.of(sorry.messageId()), found.stream().map(Message::messageId).toList());
        assertEquals(List.of(sorry.messageId()), oichat.async().messages().search(SearchMessagesParams.of(
                "송이 " + word)).join().data().stream().map(Message::messageId).toList());
    }

    @Test
    void editsAreReindexedAndDeletedMessagesNeverFound() {
        Message m = send(room, alice, "old" + word);
        Message gone = send(room, alice, "secret " + word);
        oichat.messages().update(m.messageId(), UpdateMessageParams.builder().content("new" + word).build());
        oichat.messages().delete(gone.messageId());
        assertEquals(List.of("new" + word), contents(oichat.messages().search(SearchMessagesParams.of(word))));
        assertEquals(List.of(), contents(oichat.messages().search(SearchMessagesParams.of("old" + word))));
        assertEquals(List.of(), contents(oichat.messages().search(SearchMessagesParams.of("secret " + word))));
    }

    @Test
    void searchesOnlyItsOwnProject() {
        send(room, alice, "ours " + word);
        OiChat other = TestClients.real(TestClients.newProject("java-search-tenancy"));
        assertEquals(List.of(), other.messages().search(SearchMessagesParams.of(word)).data());
        assertEquals(List.of(), other.messages().search(SearchMessagesParams.builder().query(word)
                .roomId(room.roomId()).build()).data());
        assertEquals(1, oichat.messages().search(SearchMessagesParams.of(word)).data().size());
    }

    @Test
    void refusesQueriesThatBreakTheRules() {
        assertThrows(IllegalArgumentException.class, () -> SearchMessagesParams.of(""));
        assertEquals("query", assertApiError(400, "validation_failed",
                () -> oichat.messages().search(SearchMessagesParams.of("x".repeat(201)))).details().get(0).field());
        assertApiError(400, "validation_failed",
                () -> oichat.messages().search(SearchMessagesParams.of("a b c d e f g h i j k")));
        assertApiError(400, "validation_failed", () -> oichat.messages().search(SearchMessagesParams.builder()
                .query(word).limit(101).build()));
        assertApiError(400, OiChatErrorCodes.INVALID_CURSOR, () -> oichat.messages().search(SearchMessagesParams
                .builder().query(word).cursor("not-a-cursor").build()));
    }
}
