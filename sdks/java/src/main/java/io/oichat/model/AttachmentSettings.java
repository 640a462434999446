package io.oichat.model;

import io.oichat.internal.Immutable;
import java.util.List;

/**
 * A project's attachment limits ({@code attachments().settings()}): its own, what holds, and the
 * server's, which the project's may narrow but never widen.
 *
 * @param maxBytes the project's own size limit in bytes; null: the server's
 * @param allowedTypes the project's own list of media types; null: the server's
 * @param effective what uploads to the project are held to now
 * @param server the server's limits, the ceiling of the project's
 */
public record AttachmentSettings(Long maxBytes, List<String> allowedTypes, Limits effective, Limits server) {
    public AttachmentSettings {
        allowedTypes = Immutable.list(allowedTypes);
    }

    /**
     * @param maxBytes the largest upload, in bytes
     * @param allowedTypes the media types an upload's bytes may be
     */
    public record Limits(long maxBytes, List<String> allowedTypes) {
        public Limits {
            allowedTypes = allowedTypes == null ? List.of() : Immutable.list(allowedTypes);
        }
    }
}
