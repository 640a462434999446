package io.oichat.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keeps the README's Java blocks equal to the example sources the tests compile and run: each
 * {@code <!-- example: NAME -->} block is the region between {@code // readme:NAME} and
 * {@code // readme:end} in a file of this package, without its common indentation. The test
 * {@code ReadmeExamplesTest} checks; {@code java -cp target/test-classes io.oichat.examples.ReadmeSync}
 * (from sdks/java) rewrites the README.
 */
public final class ReadmeSync {
    private static final Pattern BLOCK = Pattern.compile("<!-- example: ([a-z0-9-]+) -->\\n```java\\n(.*?)```",
            Pattern.DOTALL);
    private static final Pattern START = Pattern.compile("^\\s*// readme:([a-z0-9-]+)\\s*$");

    private ReadmeSync() {}

    /** Every example region of the sources, by name. */
    public static Map<String, String> examples(Path sourceDir) throws IOException {
        Map<String, String> examples = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(sourceDir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher start = START.matcher(lines.get(i));
                    if (!start.matches() || start.group(1).equals("end")) continue;
                    List<String> region = new ArrayList<>();
                    int j = i + 1;
                    while (!lines.get(j).trim().equals("// readme:end")) region.add(lines.get(j++));
                    examples.put(start.group(1), dedent(region));
                }
            }
        }
        return examples;
    }

    /** The README with every example block replaced by its source; fails on a block without source. */
    public static String render(String readme, Map<String, String> examples) {
        Matcher m = BLOCK.matcher(readme);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String source = examples.get(m.group(1));
            if (source == null) throw new IllegalStateException("README example " + m.group(1) + " has no source");
            m.appendReplacement(out, Matcher.quoteReplacement("<!-- example: " + m.group(1) + " -->\n```java\n"
                    + source + "```"));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The names of the README's example blocks, in order. */
    public static List<String> blocks(String readme) {
        List<String> names = new ArrayList<>();
        Matcher m = BLOCK.matcher(readme);
        while (m.find()) names.add(m.group(1));
        return names;
    }

    private static String dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        StringBuilder out = new StringBuilder();
        for (String line : lines) out.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        return out.toString();
    }

    public static void main(String[] args) throws IOException {
        Path sdk = Path.of(args.length > 0 ? args[0] : ".");
        Path readme = sdk.resolve("README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        String rendered = render(text, examples(sdk.resolve("src/test/java/io/oichat/examples")));
        Files.writeString(readme, rendered, StandardCharsets.UTF_8);
        System.out.println(rendered.equals(text) ? "README.md already matches its examples" : "rewrote README.md");
    }
}
