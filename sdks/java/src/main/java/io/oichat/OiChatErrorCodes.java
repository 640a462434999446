package io.oichat;

/**
 * The server's stable error codes (docs/http-api.md, "Errors" and "Authentication"), to compare
 * with {@link OiChatHttpException#errorCode()} instead of typing the strings:
 *
 * <pre>{@code
 * } catch (OiChatApiException e) {
 *     if (e.errorCode().equals(OiChatErrorCodes.ROOM_NOT_FOUND)) { … }
 * }
 * }</pre>
 *
 * A code this SDK version does not list can still arrive from a newer server; an answer that is
 * not an OiChat error (a proxy's page) has {@code http_<status>}. The tests check that this list
 * and the documentation's name the same codes.
 */
public final class OiChatErrorCodes {
    private OiChatErrorCodes() {}

    // Authentication (401): the request is not signed correctly

    /** A signing header is absent. */
    public static final String MISSING_CREDENTIALS = "missing_credentials";

    /** A signing header is not of its documented form. */
    public static final String MALFORMED_CREDENTIALS = "malformed_credentials";

    /** The request's timestamp is more than 300 s from the server's clock: check the backend's clock. */
    public static final String STALE_TIMESTAMP = "stale_timestamp";

    /** The api key does not exist, has expired (a rotation's grace ended) or belongs to another project. */
    public static final String INVALID_API_KEY = "invalid_api_key";

    /** The signature does not match: the secret key is not the api key's. */
    public static final String INVALID_SIGNATURE = "invalid_signature";

    /** The server already accepted a request with this signature. */
    public static final String REPLAYED_REQUEST = "replayed_request";

    /** A v1 signature, on a server that refuses them. */
    public static final String SIGNATURE_VERSION_REFUSED = "signature_version_refused";

    // The request

    /** A field breaks a rule; {@code details()} names each. */
    public static final String VALIDATION_FAILED = "validation_failed";

    /** The body is not valid JSON. */
    public static final String INVALID_JSON = "invalid_json";

    /** The request URL is malformed. */
    public static final String INVALID_URL = "invalid_url";

    /** The bytes received are not an HTTP/1.1 request. */
    public static final String MALFORMED_REQUEST = "malformed_request";

    /** Another refusal of the HTTP layer (the message says which). */
    public static final String BAD_REQUEST = "bad_request";

    /** The cursor is not one this list returned, or is older than 24 hours. */
    public static final String INVALID_CURSOR = "invalid_cursor";

    /** The body is over 1 MiB. */
    public static final String PAYLOAD_TOO_LARGE = "payload_too_large";

    /** The body is not {@code application/json}. */
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";

    /** (Files under {@code /v1/docs}, attachment downloads) the Range asks for bytes the file does not have. */
    public static final String RANGE_NOT_SATISFIABLE = "range_not_satisfiable";

    /** (Uploads) the file is over the attachment limit, named in the message. */
    public static final String ATTACHMENT_TOO_LARGE = "attachment_too_large";

    /** (Uploads) the file's bytes are of a type not allowed; the message names it. */
    public static final String ATTACHMENT_TYPE_NOT_ALLOWED = "attachment_type_not_allowed";

    /** (Uploads) the name's extension belongs to another type, or to a page or script. */
    public static final String ATTACHMENT_TYPE_MISMATCH = "attachment_type_mismatch";

    /** (Uploads) an image that cannot be decoded. */
    public static final String ATTACHMENT_UNDECODABLE = "attachment_undecodable";

    /** The request line and headers are over 16 KB. */
    public static final String HEADERS_TOO_LARGE = "headers_too_large";

    /** No such route. */
    public static final String NOT_FOUND = "not_found";

    // User tokens

    /** The token is malformed, forged, of another project, or signed by a retired key. */
    public static final String INVALID_TOKEN = "invalid_token";

    /** (Refresh) the token expired more than 30 days ago. */
    public static final String TOKEN_TOO_OLD = "token_too_old";

    /** The user's tokens were revoked (or the user deleted) after this one was issued. */
    public static final String TOKEN_REVOKED = "token_revoked";

    /** (End-user API) no {@code Authorization: Bearer} header. */
    public static final String MISSING_TOKEN = "missing_token";

    /** (End-user API) the token is past its expiry. */
    public static final String TOKEN_EXPIRED = "token_expired";

    // What the request is about

    /** (JWKS) no such project. */
    public static final String PROJECT_NOT_FOUND = "project_not_found";

    /** No such room in this project, or it was deleted. */
    public static final String ROOM_NOT_FOUND = "room_not_found";

    /** No such user: never issued a token, or deleted. */
    public static final String USER_NOT_FOUND = "user_not_found";

    /** No such webhook endpoint in this project. */
    public static final String WEBHOOK_ENDPOINT_NOT_FOUND = "webhook_endpoint_not_found";

    /** (Resend) no such event in this project. */
    public static final String EVENT_NOT_FOUND = "event_not_found";

    /** No such attachment in this project (removed, or its room deleted). */
    public static final String ATTACHMENT_NOT_FOUND = "attachment_not_found";

    /** (Attachment downloads) the signed URL was altered. */
    public static final String DOWNLOAD_URL_INVALID = "download_url_invalid";

    /** (Attachment downloads) the signed URL has expired: get a fresh one. */
    public static final String DOWNLOAD_URL_EXPIRED = "download_url_expired";

    /** No such message in this project, or its room was deleted (end-user API: or the user is not in its room). */
    public static final String MESSAGE_NOT_FOUND = "message_not_found";

    /** (End-user API) only a message's sender may edit or delete it. */
    public static final String NOT_MESSAGE_SENDER = "not_message_sender";

    /** The message was deleted: it cannot be edited (nor a redacted one), reacted to or pinned. */
    public static final String MESSAGE_DELETED = "message_deleted";

    /** The participants of a direct room cannot change. */
    public static final String DIRECT_ROOM_PARTICIPANTS_FIXED = "direct_room_participants_fixed";

    /** The room already has the most participants allowed. */
    public static final String ROOM_FULL = "room_full";

    /** The message's sender is not a participant of the room. */
    public static final String SENDER_NOT_PARTICIPANT = "sender_not_participant";

    /** The user is not a participant of the room. */
    public static final String PARTICIPANT_NOT_FOUND = "participant_not_found";

    // Idempotency, limits and failures

    /** A request with the same key is still running (retried by the SDK). */
    public static final String IDEMPOTENCY_IN_PROGRESS = "idempotency_in_progress";

    /** The key was used before with another method, path or body. */
    public static final String IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused";

    /** Too many requests; retried by the SDK after {@code Retry-After}. */
    public static final String RATE_LIMITED = "rate_limited";

    /** A bug or an unavailable database; nothing was changed. */
    public static final String INTERNAL_ERROR = "internal_error";

    /** (Uploads, downloads) the attachment storage cannot be reached; nothing was stored; retry. */
    public static final String STORAGE_UNAVAILABLE = "storage_unavailable";
}
