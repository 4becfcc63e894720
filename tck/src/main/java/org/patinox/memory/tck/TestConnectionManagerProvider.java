package org.patinox.memory.tck;

import java.util.Properties;
import org.patinox.memory.ConfigException;
import org.patinox.memory.spi.ConnectionManager;
import org.patinox.memory.spi.ConnectionManagerProvider;

/**
 * A {@link ConnectionManagerProvider} for URLs of scheme {@code tck:} making {@link
 * TestConnectionManager}s: the stand-in that runs {@link ConnectionManagerProviderContract} in the
 * implementations' own tests. Not registered for {@link java.util.ServiceLoader}, so that no user
 * of the kit finds it by accident.
 */
public final class TestConnectionManagerProvider implements ConnectionManagerProvider {

    /** The scheme this provider accepts, with its colon. */
    public static final String SCHEME = "tck:";

    /** Made as {@link java.util.ServiceLoader} would make it. */
    public TestConnectionManagerProvider() {
    }

    @Override
    public String name() {
        return "tck";
    }

    @Override
    public boolean accepts(String url) {
        return url != null && url.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    @Override
    public Class<?> connectionType() {
        return TestConnection.class;
    }

    @Override
    public ConnectionManager<?> create(String url, Properties properties) {
        if (!accepts(url)) {
            throw new ConfigException("The tck provider takes URLs of scheme 'tck' only");
        }
        return new TestConnectionManager();
    }
}
