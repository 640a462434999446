package io.oichat.internal;

import java.net.http.HttpRequest;
import java.util.function.Supplier;

/**
 * A body sent as it is instead of as JSON (an upload's file): its type, its SHA-256 (which the
 * signature covers, so it is known before the first byte is sent) and a publisher for each
 * attempt, so a retry sends the same bytes again from their source (memory or a file), never from
 * a copy held in memory. Internal: not part of the SDK's API.
 */
public record RawBody(String contentType, long length, String sha256, Supplier<HttpRequest.BodyPublisher> publisher) {}
