package org.patinox.memory.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README points only inside the repository: a stranger with a fresh checkout must be able to
 * follow every reference it makes.
 */
final class ReadmeLinksTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void the_readme_points_nowhere_outside_the_repository() throws Exception {
        List<Integer> outside = new ArrayList<>();
        // A web address, or a path that climbs out of the checkout.
        Pattern away = Pattern.compile("https?://|`\\.\\./|\\]\\(\\.\\./");
        String text = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        Matcher m = away.matcher(text);
        while (m.find()) {
            outside.add((int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1);
        }
        assertEquals(List.of(), outside, "README.md lines that point outside the repository");
    }

    @Test
    void every_document_the_readme_names_exists() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("`(docs/[^`\\s]+\\.md)`").matcher(readme);
        int named = 0;
        while (m.find()) {
            named++;
            assertTrue(Files.isRegularFile(ROOT.resolve(m.group(1))), m.group(1) + " is named by the README but missing");
        }
        assertTrue(named >= 2, "the README names docs/architecture.md and docs/DECISIONS.md");
    }
}
