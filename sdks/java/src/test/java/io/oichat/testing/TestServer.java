package io.oichat.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real OiChat server for the contract tests: the built CLI ({@code packages/server/dist/cli/main.js
 * serve}) on a fresh SQLite file and a port the OS picks, started once per test JVM and stopped when
 * it exits. The credentials are read from what {@code serve} prints for the {@code default} project
 * it creates on a fresh database, as a developer would copy them. Node comes from {@code OICHAT_NODE},
 * else {@code node} on PATH; it must be 22 or newer (the server's engines).
 */
public final class TestServer implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    private static final Pattern PROJECT_ID = Pattern.compile("project id:\\s+(proj_\\S+)");
    private static final Pattern API_KEY = Pattern.compile("api key:\\s+(ak_\\S+)");
    private static final Pattern SECRET_KEY = Pattern.compile("secret key:\\s+(sk_\\S+)");

    private static TestServer instance;

    public final String baseUrl;
    public final String projectId;
    public final String apiKey;
    public final String secretKey;
    /**
     * What the server runs on, as its {@code --database} takes it: a SQLite file in a temporary
     * directory, or a PostgreSQL database made for this run ({@link Postgres}); the CLI's project
     * and key commands work on it too.
     */
    public final String database;
    private final Process process;
    private final Path directory;
    private final Postgres postgres;

    private TestServer(String baseUrl, String projectId, String apiKey, String secretKey, Process process,
            Path directory, String database, Postgres postgres) {
        this.baseUrl = baseUrl;
        this.projectId = projectId;
        this.apiKey = apiKey;
        this.secretKey = secretKey;
        this.process = process;
        this.directory = directory;
        this.database = database;
        this.postgres = postgres;
    }

    public static synchronized TestServer get() {
        if (instance == null) {
            instance = start(0);
            TestServer started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "oichat-test-server-stop"));
        }
        return instance;
    }

    public static Path repoRoot() {
        String root = System.getProperty("oichat.repoRoot");
        if (root == null) {
            throw new IllegalStateException("system property oichat.repoRoot is not set (run through Maven)");
        }
        return Path.of(root).toAbsolutePath().normalize();
    }

    public static String node() {
        String node = System.getenv("OICHAT_NODE");
        return node == null || node.isEmpty() ? "node" : node;
    }

    /**
     * A server of its own whose backend API allows {@code perMinute} requests a minute per project
     * (the shared one runs without a limit); close it when done.
     */
    public static TestServer startWithRateLimit(int perMinute) {
        TestServer server = start(perMinute);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "oichat-test-server-stop"));
        return server;
    }

    private static TestServer start(int rateLimit) {
        Path cli = repoRoot().resolve("packages/server/dist/cli/main.js");
        if (!Files.exists(cli)) {
            throw new IllegalStateException("the server is not built: " + cli
                    + " is missing (npm run build -w @oichat/server)");
        }
        checkNodeVersion();
        try {
            Path directory = Files.createTempDirectory("oichat-java-sdk-test-");
            Postgres postgres = Postgres.fromEnvironment();
            String database = postgres != null ? postgres.url : directory.resolve("oichat.db").toString();
            ProcessBuilder builder = new ProcessBuilder(node(), cli.toString(), "serve", "--port", "0", "--host",
                    "127.0.0.1", "--database", database, "--rate-limit", Integer.toString(rateLimit),
                    "--webhooks-allow-private", "--log-level", "warn")
                    .directory(repoRoot().toFile())
                    .redirectErrorStream(true);
            // Webhook tests deliver to receivers on loopback and must not wait the real retry schedule.
            builder.environment().put("OICHAT_WEBHOOK_RETRY_SCHEDULE", "0.1,0.1,0.2,0.5,1");
            // Uploads go to this run's directory (with PostgreSQL the default is ./.oichat in the repository).
            builder.environment().put("OICHAT_ATTACHMENTS_DIR", directory.resolve("attachments").toString());
            if (postgres != null) builder.environment().put("OICHAT_MASTER_KEY", postgres.masterKey);
            Process process = builder.start();
            CompletableFuture<String[]> ready = new CompletableFuture<>();
            List<String> output = new ArrayList<>();
            Thread reader = new Thread(() -> readOutput(process, ready, output), "oichat-test-server-output");
            reader.setDaemon(true);
            reader.start();
            String[] found;
            try {
                // A wait, not a speed check: on a loaded machine a cold start has taken over 30 s.
                found = ready.get(120, TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
                synchronized (output) {
                    throw new IllegalStateException("the OiChat server did not start: " + e + "\n" + String.join("\n",
                            output), e);
                }
            }
            return new TestServer(found[0].replaceAll("/+$", ""), found[1], found[2], found[3], process, directory,
                    database, postgres);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the OiChat server with " + node() + ": " + e.getMessage(), e);
        }
    }

    private static void readOutput(Process process, CompletableFuture<String[]> ready, List<String> output) {
        String[] found = new String[4];
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            // Keeps reading after start-up, or a chatty server would block on a full pipe.
            while ((line = lines.readLine()) != null) {
                if (ready.isDone()) continue;
                synchronized (output) {
                    output.add(line);
                }
                capture(LISTENING, line, found, 0);
                capture(PROJECT_ID, line, found, 1);
                capture(API_KEY, line, found, 2);
                capture(SECRET_KEY, line, found, 3);
                if (found[0] != null && found[1] != null && found[2] != null && found[3] != null) ready.complete(found);
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("the server exited before printing its credentials"));
    }

    private static void capture(Pattern pattern, String line, String[] found, int index) {
        Matcher m = pattern.matcher(line);
        if (m.find() && found[index] == null) found[index] = m.group(1);
    }

    private static void checkNodeVersion() {
        try {
            Process p = new ProcessBuilder(node(), "-p", "process.versions.node").redirectErrorStream(true).start();
            String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            int major = Integer.parseInt(version.split("\\.")[0]);
            if (major < 22) {
                throw new IllegalStateException("the OiChat server needs Node >= 22 but " + node() + " is " + version
                        + ": set OICHAT_NODE, or run `. scripts/node24.sh` first");
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot run " + node() + " (set OICHAT_NODE to a Node >= 22): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the server and removes its database; a second call does nothing. */
    @Override
    public synchronized void close() {
        if (!process.isAlive() && !Files.exists(directory)) return;
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
        }
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is not worth failing the run for
        }
        if (postgres != null) postgres.drop();
    }

    /**
     * Runs {@code oichat <args> --database <this server's> --json} (projects, keys: they work on the
     * database the running server reads) and returns its one JSON line; fails if it exits non-zero.
     */
    public String cli(String... args) {
        List<String> command = new ArrayList<>(List.of(node(),
                repoRoot().resolve("packages/server/dist/cli/main.js").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--database", database, "--json"));
        try {
            Path stderr = Files.createTempFile(directory, "cli-", ".stderr");
            ProcessBuilder builder = new ProcessBuilder(command).directory(repoRoot().toFile())
                    .redirectError(stderr.toFile());
            if (postgres != null) builder.environment().put("OICHAT_MASTER_KEY", postgres.masterKey);
            Process p = builder.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new AssertionError("oichat " + String.join(" ", args) + " failed: " + out + "\n"
                        + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls until {@code probe} returns non-null; fails after {@code timeout}. */
    public static <T> T until(Duration timeout, java.util.function.Supplier<T> probe) {
        Instant end = Instant.now().plus(timeout);
        while (true) {
            T value = probe.get();
            if (value != null) return value;
            if (Instant.now().isAfter(end)) throw new AssertionError("condition not met within " + timeout);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
