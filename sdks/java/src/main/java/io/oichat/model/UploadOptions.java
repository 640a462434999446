package io.oichat.model;

import java.util.regex.Pattern;

/**
 * {@code attachments().upload(…)}: the file's {@code name} (required) and, optionally, the type you
 * believe it is ({@code mimeType}, sent as {@code Content-Type}; default {@code
 * application/octet-stream}). The server judges the type from the bytes whatever {@code mimeType}
 * says, and refuses a name whose extension says another type ({@code 415 attachment_type_mismatch}).
 */
public final class UploadOptions {
    // A header value: visible ASCII and inner spaces (for parameters such as "; charset=utf-8"), no line breaks.
    private static final Pattern MEDIA_TYPE = Pattern.compile("[\\x21-\\x7e]([\\x20-\\x7e]*[\\x21-\\x7e])?");

    private final String name;
    private final String mimeType;

    private UploadOptions(Builder b) {
        name = Params.required(b.name, "UploadOptions", "name");
        if (b.mimeType != null && !MEDIA_TYPE.matcher(b.mimeType).matches()) {
            throw new IllegalArgumentException("OiChat: UploadOptions.mimeType must be a media type such as image/png"
                    + " (visible ASCII, no line breaks)");
        }
        mimeType = b.mimeType;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Shortcut for {@code builder().name(name).build()}. */
    public static UploadOptions named(String name) {
        return builder().name(name).build();
    }

    /** The file name recipients see. */
    public String name() {
        return name;
    }

    /** The declared type; null: {@code application/octet-stream} is sent. */
    public String mimeType() {
        return mimeType;
    }

    @Override
    public String toString() {
        return "UploadOptions{name=" + name + ", mimeType=" + mimeType + "}";
    }

    public static final class Builder {
        private String name;
        private String mimeType;

        private Builder() {}

        /** Required: the file name recipients see, 1–255 characters, no {@code /}, {@code \} or control characters. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Optional: the type you believe it is ({@code application/pdf}); the server believes the bytes. */
        public Builder mimeType(String mimeType) {
            this.mimeType = mimeType;
            return this;
        }

        public UploadOptions build() {
            return new UploadOptions(this);
        }
    }
}
