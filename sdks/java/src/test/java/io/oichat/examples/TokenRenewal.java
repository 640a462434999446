package io.oichat.examples;

import io.oichat.OiChat;
import io.oichat.OiChatApiException;
import io.oichat.OiChatErrorCodes;
import io.oichat.model.CreateTokenParams;
import io.oichat.model.TokenResponse;
import io.oichat.model.User;

/** The README's token renewal example, run by the tests across a real signing-key rotation. */
public final class TokenRenewal {
    private TokenRenewal() {}

    // readme:token-renewal
    /** A fresh token for a user's client: the current one refreshed while it can be, else a new one. */
    static TokenResponse renew(OiChat oichat, String userId, String currentToken) {
        try {
            return oichat.auth().refreshToken(currentToken);
        } catch (OiChatApiException e) {
            // invalid_token: the key that signed it was retired (rotate-signing-key --retire-now);
            // token_too_old: it expired more than 30 days ago. token_revoked is final: pass it on.
            if (!e.errorCode().equals(OiChatErrorCodes.INVALID_TOKEN)
                    && !e.errorCode().equals(OiChatErrorCodes.TOKEN_TOO_OLD)) throw e;
            // createToken sets the role every time: keep the one the user has.
            User user = oichat.users().get(userId);
            return oichat.auth().createToken(CreateTokenParams.builder().userId(userId).role(user.role()).build());
        }
    }
    // readme:end

    public static TokenResponse renewFor(OiChat oichat, String userId, String currentToken) {
        return renew(oichat, userId, currentToken);
    }
}
