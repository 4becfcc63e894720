package org.patinox.memory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** A failure that quotes the password leaves the plugin masked, whatever its depth in the chain. */
final class SecretsTest {

    @Test
    void a_chain_quoting_the_password_is_copied_masked_and_a_clean_one_is_kept() {
        Secrets secrets = new Secrets("t0p-s3cret");
        IOException deep = new IOException("auth t0p-s3cret refused by redis://u:t0p-s3cret@h");
        RuntimeException top = new RuntimeException("connect failed", deep);
        top.addSuppressed(new IllegalStateException("also t0p-s3cret"));
        Throwable clean = secrets.clean(top);
        for (Throwable t = clean; t != null; t = t.getCause()) {
            assertFalse(t.toString().contains("t0p-s3cret"), t.toString());
            for (Throwable s : t.getSuppressed()) {
                assertFalse(s.toString().contains("t0p-s3cret"), s.toString());
            }
        }
        assertEquals("java.io.IOException: auth ***** refused by redis://u:*****@h", clean.getCause().getMessage());
        assertEquals(deep.getStackTrace().length, clean.getCause().getStackTrace().length);
        assertTrue(clean.getMessage().startsWith("java.lang.RuntimeException: connect failed"));

        RuntimeException harmless = new RuntimeException("Connection refused");
        assertSame(harmless, secrets.clean(harmless));
        assertEquals("no ***** here", secrets.redact("no t0p-s3cret here"));
        assertEquals("Secrets[1 masked]", secrets.toString());
    }
}
