package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * docs/guide.md cannot rot: each Java, XML and properties block in it is introduced by a
 * {@code <!-- from: path -->} line naming a file of the examples/ modules (compiled and tested by
 * the build) and is a contiguous, verbatim excerpt of it; the archetype command it gives is the
 * one {@link ArchetypeEndToEndTest} runs; the README links the guide from its top.
 */
class GuideTest {
    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern BLOCK = Pattern.compile("(?m)^```(\\w*)\\n(.*?)^```$", Pattern.DOTALL);
    private static final Pattern SOURCE = Pattern.compile("<!-- from: (\\S+) -->\\s*$");

    private record Block(String language, String text, String source) { }

    @Test
    void everyCodeBlockIsAnExcerptOfATestedExampleFile() throws IOException {
        List<Block> blocks = blocks();
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Block b : blocks) {
            if (!List.of("java", "xml", "properties").contains(b.language())) {
                continue;
            }
            checked++;
            if (b.source() == null) {
                problems.add("a " + b.language() + " block without a '<!-- from: path -->' line:\n" + b.text());
                continue;
            }
            Path file = CHECKOUT.resolve(b.source());
            if (!b.source().startsWith("examples/") || !Files.isRegularFile(file)) {
                problems.add(b.source() + ": not a file of the examples/ modules");
            } else if (!Files.readString(file, StandardCharsets.UTF_8).contains(b.text())) {
                problems.add(b.source() + " no longer contains the guide's block:\n" + b.text());
            }
        }
        assertTrue(checked >= 15, "the guide's checked blocks: " + checked);
        assertTrue(problems.isEmpty(), String.join("\n\n", problems));
    }

    @Test
    void theArchetypeCommandIsTheOneTheEndToEndTestRuns() throws IOException {
        String endToEnd = Files.readString(CHECKOUT.resolve(
                "test-suite/src/test/java/io/sipcontainer/it/ArchetypeEndToEndTest.java"), StandardCharsets.UTF_8);
        List<String> shell = blocks().stream().filter(b -> b.language().equals("sh")).map(Block::text).toList();
        String generate = shell.stream().filter(t -> t.contains(":generate")).findFirst()
                .orElseThrow(() -> new AssertionError("no archetype:generate command in the guide"));
        Matcher arg = Pattern.compile("(\\S+:generate|-D\\S+)").matcher(generate);
        int args = 0;
        while (arg.find()) {
            args++;
            assertTrue(endToEnd.contains(arg.group(1).replace("0.1.0-SNAPSHOT", "")),
                    "ArchetypeEndToEndTest does not run the guide's " + arg.group(1));
        }
        assertTrue(args >= 9, "arguments checked: " + args);
        assertTrue(shell.stream().anyMatch(t -> t.startsWith("mvn sipcontainer:run")) && endToEnd.contains("\"sipcontainer:run\""),
                "the guide and the end-to-end test both run mvn sipcontainer:run");
    }

    @Test
    void theReadmeLinksTheGuideFromItsTop() throws IOException {
        List<String> top = Files.readAllLines(CHECKOUT.resolve("README.md"), StandardCharsets.UTF_8).subList(0, 12);
        assertTrue(top.stream().anyMatch(l -> l.contains("(docs/guide.md)")), "README's first lines: " + top);
    }

    private static List<Block> blocks() throws IOException {
        String guide = Files.readString(CHECKOUT.resolve("docs/guide.md"), StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(guide);
        while (m.find()) {
            String before = guide.substring(0, m.start()).stripTrailing();
            String lastLine = before.substring(before.lastIndexOf('\n') + 1);
            Matcher source = SOURCE.matcher(lastLine);
            String text = m.group(2).endsWith("\n") ? m.group(2).substring(0, m.group(2).length() - 1) : m.group(2);
            blocks.add(new Block(m.group(1), text, source.find() ? source.group(1) : null));
        }
        return blocks;
    }
}
