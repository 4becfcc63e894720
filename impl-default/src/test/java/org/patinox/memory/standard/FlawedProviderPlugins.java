package org.patinox.memory.standard;

import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.patinox.memory.spi.ConnectionManager;
import org.patinox.memory.spi.ConnectionManagerProvider;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.MonitorProvider;
import org.patinox.memory.spi.ProviderContext;
import org.patinox.memory.tck.ConnectionManagerProviderContract;
import org.patinox.memory.tck.MonitorProviderContract;
import org.patinox.memory.tck.TestConnection;
import org.patinox.memory.tck.TestConnectionManager;
import org.patinox.memory.tck.TestConnectionManagerProvider;

/**
 * Providers that break the connection-manager-provider and monitor-provider contracts, for {@link
 * ProviderContractsCatchBreachesTest} to run the suites on; the name keeps Surefire from running
 * them as tests of their own.
 */
final class FlawedProviderPlugins {

    private FlawedProviderPlugins() {
    }

    /** The suite on a provider given directly, on the {@code standard} implementation. */
    abstract static class Suite extends ConnectionManagerProviderContract<TestConnection> {
        @Override
        protected String url() {
            return "tck:flawed";
        }

        @Override
        protected boolean isOpen(TestConnection connection) {
            return !connection.isDestroyed();
        }

        @Override
        protected boolean registered() {
            return false;
        }

        @Override
        protected String memoryProvider() {
            return StandardMemoryProvider.NAME;
        }
    }

    /** A provider whose {@code accepts} throws for {@code null}. */
    static final class AcceptsThrowsOnNull extends Suite {
        @Override
        protected ConnectionManagerProvider newProvider() {
            return new Delegating(new TestConnectionManagerProvider()) {
                @Override
                public boolean accepts(String url) {
                    return url.startsWith(TestConnectionManagerProvider.SCHEME);
                }
            };
        }
    }

    /** A provider whose managers show the password in their text. */
    static final class ShowsThePassword extends Suite {
        @Override
        protected ConnectionManagerProvider newProvider() {
            return new Delegating(new TestConnectionManagerProvider()) {
                @Override
                public ConnectionManager<?> create(String url, Properties properties) {
                    super.create(url, properties); // refuses a URL it does not accept, as it should
                    return new Manager(new TestConnectionManager(), false) {
                        @Override
                        public String toString() {
                            return "Manager[" + url + " " + properties + "]";
                        }
                    };
                }
            };
        }
    }

    /** A provider whose managers' {@code destroy} leaves the connection open. */
    static final class DestroyLeavesOpen extends Suite {
        @Override
        protected ConnectionManagerProvider newProvider() {
            return new Delegating(new TestConnectionManagerProvider()) {
                @Override
                public ConnectionManager<?> create(String url, Properties properties) {
                    super.create(url, properties); // refuses a URL it does not accept, as it should
                    return new Manager(new TestConnectionManager(), true);
                }
            };
        }
    }

    /** A monitor provider that hands out one monitor, which clears the interrupt status of its callers. */
    static final class SharedMonitorClearingInterrupts extends MonitorProviderContract {
        private static final Monitor SHARED = event -> Thread.interrupted();

        @Override
        protected MonitorProvider newProvider() {
            return new MonitorProvider() {
                @Override
                public String name() {
                    return "shared";
                }

                @Override
                public Optional<Monitor> create(ProviderContext context) {
                    return Optional.of(SHARED);
                }
            };
        }

        @Override
        protected boolean registered() {
            return false;
        }

        @Override
        protected String memoryProvider() {
            return StandardMemoryProvider.NAME;
        }
    }

    /** Forwards to another provider. */
    private static class Delegating implements ConnectionManagerProvider {
        private final ConnectionManagerProvider to;

        Delegating(ConnectionManagerProvider to) {
            this.to = to;
        }

        @Override
        public String name() {
            return to.name();
        }

        @Override
        public boolean accepts(String url) {
            return to.accepts(url);
        }

        @Override
        public Class<?> connectionType() {
            return to.connectionType();
        }

        @Override
        public ConnectionManager<?> create(String url, Properties properties) {
            return to.create(url, properties);
        }
    }

    /** Forwards to a test manager; {@code leaky} skips its destroy. */
    private static class Manager implements ConnectionManager<TestConnection> {
        private final TestConnectionManager to;
        private final boolean leaky;

        Manager(TestConnectionManager to, boolean leaky) {
            this.to = to;
            this.leaky = leaky;
        }

        @Override
        public CompletionStage<TestConnection> create() {
            return to.create();
        }

        @Override
        public CompletionStage<Boolean> validate(TestConnection connection) {
            return to.validate(connection);
        }

        @Override
        public CompletionStage<Void> recycle(TestConnection connection) {
            return to.recycle(connection);
        }

        @Override
        public CompletionStage<Void> destroy(TestConnection connection) {
            return leaky ? CompletableFuture.completedFuture(null) : to.destroy(connection);
        }
    }
}
