package io.oichat.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a JVM of its own (this one's Java and class path) whose environment holds
 * the real server's credentials as {@code OiChat.fromEnv()} reads them, as a developer's process
 * would; returns what it printed, and fails the test if it does not exit 0 within a minute.
 */
public final class ChildJvm {
    private ChildJvm() {}

    public static String run(List<String> jvmOptions, Class<?> main, String... args) throws IOException,
            InterruptedException {
        TestServer server = TestServer.get();
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("OICHAT_API_KEY", server.apiKey);
        env.put("OICHAT_SECRET_KEY", server.secretKey);
        env.put("OICHAT_PROJECT_ID", server.projectId);
        env.put("OICHAT_BASE_URL", server.baseUrl);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the child JVM did not exit:\n" + output);
        assertEquals(0, process.exitValue(), main.getSimpleName() + " failed:\n" + output);
        return output;
    }
}
