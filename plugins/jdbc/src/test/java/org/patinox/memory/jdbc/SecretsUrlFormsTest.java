package org.patinox.memory.jdbc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The URL a pool shows ({@code toString}, messages, events) never holds its password, whatever the
 * driver's URL form, over passwords drawn from a fixed seed.
 */
final class SecretsUrlFormsTest {

    private static final List<String> PARTS = List.of("s3cr3t", "Tiger", "x9", "p.w", "ünï", "q-_~");

    @Test
    void no_url_form_shows_its_password() {
        Random random = new Random(20261208L);
        for (int run = 0; run < 300; run++) {
            String password = "Pw" + PARTS.get(random.nextInt(PARTS.size())) + PARTS.get(random.nextInt(PARTS.size()));
            String encoded = URLEncoder.encode(password, StandardCharsets.UTF_8);
            for (String url : List.of(
                    "jdbc:postgresql://db.example:5432/app?user=app&password=" + encoded + "&ssl=true",
                    "jdbc:sqlserver://db.example:1433;databaseName=app;user=app;password=" + encoded + ";",
                    "jdbc:mysql://app:" + encoded + "@db.example:3306/app",
                    "jdbc:h2:mem:app;USER=sa;PASSWORD=" + encoded,
                    "jdbc:oracle:thin:app/" + encoded + "@db.example:1521/orcl",
                    "jdbc:oracle:thin:app/" + encoded + "@//db.example:1521/orcl")) {
                String shown = Secrets.of(url, null).url();
                assertFalse(shown.contains(encoded), "run " + run + ": " + url + " shown as " + shown);
                assertTrue(shown.contains(Secrets.MASK), "run " + run + ": " + url + " shown as " + shown);
            }
        }
    }
}
