package org.patinox.memory.examples;

import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.patinox.memory.ConfigException;
import org.patinox.memory.spi.ConnectionManager;
import org.patinox.memory.spi.ConnectionManagerProvider;

// tag::plugin-connections[]
/** Connections for "echo:" URLs: each is the text after the scheme; memory.pool("echo:hi", ...) finds it. */
public final class EchoConnections implements ConnectionManagerProvider {
    public String name() { return "echo"; }
    public boolean accepts(String url) { return url != null && url.startsWith("echo:"); }
    public Class<?> connectionType() { return String.class; }

    public ConnectionManager<String> create(String url, Properties properties) {
        if (!accepts(url)) throw new ConfigException("echo takes echo: URLs only");
        String text = url.substring("echo:".length());
        return new ConnectionManager<>() {
            public CompletionStage<String> create() { return CompletableFuture.completedFuture(text); }
            public CompletionStage<Boolean> validate(String c) { return CompletableFuture.completedFuture(true); }
            public CompletionStage<Void> recycle(String c) { return CompletableFuture.completedFuture(null); }
            public CompletionStage<Void> destroy(String c) { return CompletableFuture.completedFuture(null); }
        };
    }
}
// end::plugin-connections[]
