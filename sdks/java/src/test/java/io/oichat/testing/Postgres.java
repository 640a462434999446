package io.oichat.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL database of one test server, when {@code OICHAT_JAVA_TEST_POSTGRES_URL} names a
 * PostgreSQL server (e.g. {@code postgres://postgres@127.0.0.1:5432/postgres}): a database of its
 * own is created there with {@code psql} for each server and dropped when the server stops, and a
 * master key is made for it (PostgreSQL needs one from the environment). Unset: SQLite, the default.
 */
final class Postgres {
    static final String VARIABLE = "OICHAT_JAVA_TEST_POSTGRES_URL";

    /** The server's {@code --database}. */
    final String url;
    /** OICHAT_MASTER_KEY for the server and the CLI. */
    final String masterKey;
    private final String admin;
    private final String name;

    private Postgres(String admin, String name) {
        this.admin = admin;
        this.name = name;
        URI uri = URI.create(admin);
        this.url = uri.getScheme() + "://" + uri.getRawAuthority() + "/" + name;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.masterKey = HexFormat.of().formatHex(key);
    }

    /** A new database on the configured server, or null when none is configured. */
    static Postgres fromEnvironment() {
        String admin = System.getenv(VARIABLE);
        return admin == null || admin.isEmpty() ? null : create(admin);
    }

    private static Postgres create(String admin) {
        Postgres db = new Postgres(admin, "oichat_java_" + UUID.randomUUID().toString().replace("-", ""));
        db.psql("CREATE DATABASE " + db.name);
        return db;
    }

    void drop() {
        try {
            psql("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (RuntimeException e) {
            // a database left behind is not worth failing the run for
        }
    }

    private void psql(String sql) {
        try {
            Process p = new ProcessBuilder(List.of("psql", admin, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("psql " + sql + " failed (" + VARIABLE + "=" + admin + "): " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run psql for " + VARIABLE + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
