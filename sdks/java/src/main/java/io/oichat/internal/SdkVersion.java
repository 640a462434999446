package io.oichat.internal;

/** The SDK's version, as in pom.xml (a test checks they agree). Internal: not part of the SDK's API. */
public final class SdkVersion {
    public static final String VERSION = "0.1.0";

    private SdkVersion() {}
}
