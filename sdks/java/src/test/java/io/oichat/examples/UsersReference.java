package io.oichat.examples;

import io.oichat.OiChat;
import io.oichat.model.CursorPage;
import io.oichat.model.DeleteUserParams;
import io.oichat.model.DeleteUserResponse;
import io.oichat.model.ListUsersParams;
import io.oichat.model.UpdateUserParams;
import io.oichat.model.User;
import io.oichat.model.UserInfo;
import io.oichat.model.UserRole;
import java.util.Map;

/** The README's users example, run by the tests against the real server. */
public final class UsersReference {
    private UsersReference() {}

    /** What each call returned, for the test to check. */
    public record Results(CursorPage<User> agents, User user, User updated, DeleteUserResponse deleted) {}

    public static Results users(OiChat oichat) {
        // readme:users
        // List users (newest first, cursor pagination); a user is one createToken issued a token to
        CursorPage<User> agents = oichat.users().list(ListUsersParams.builder()
                .role(UserRole.AGENT) // Optional: USER | AGENT
                .limit(20)            // Optional (1-100, default: 20)
                .build());

        // Get a user (404 user_not_found if never issued a token)
        User user = oichat.users().get("customer-42");
        // user.name(), user.role(), user.info(): what createToken was given as userName, role, userInfo

        // Update name, info and role
        User updated = oichat.users().update("customer-42", UpdateUserParams.builder()
                .name("Lee Min") // name(null) clears it
                .info(UserInfo.builder().nickname("Min").custom(Map.of("tier", "gold")).build()) // replaces the old
                .role(UserRole.USER) // USER | AGENT
                .build());

        // Delete a user: revokes their tokens and takes them out of every room
        DeleteUserResponse deleted = oichat.users().delete("customer-42",
                DeleteUserParams.redactMessages()); // Optional: also erase what they wrote (default: they stay)
        // deleted.roomsLeft(), deleted.roomsDeleted(), deleted.messagesRedacted()
        // readme:end
        return new Results(agents, user, updated, deleted);
    }
}
