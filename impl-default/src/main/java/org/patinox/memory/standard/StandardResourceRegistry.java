package org.patinox.memory.standard;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.patinox.memory.resource.ResourceConfig;
import org.patinox.memory.spi.AsyncCleanupProvider;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.ProviderContext;
import org.patinox.memory.support.RegistryCore;
import org.patinox.memory.support.Tracked;

/**
 * The {@code standard} registry: its tracked resources in a {@link ConcurrentHashMap} key set,
 * which registration and close update in place; the exactly-once machinery, the safety net and
 * forced cleanup are the support layer's.
 */
final class StandardResourceRegistry extends RegistryCore {

    private final Set<Tracked> tracked = ConcurrentHashMap.newKeySet();

    private StandardResourceRegistry(ResourceConfig config, List<AsyncCleanupProvider> cleanups, ProviderContext context,
                                     Monitor monitor) {
        super(config, cleanups, context, monitor);
    }

    static StandardResourceRegistry open(ResourceConfig config, List<AsyncCleanupProvider> cleanups,
                                         ProviderContext context, Monitor monitor) {
        StandardResourceRegistry registry = new StandardResourceRegistry(config, cleanups, context, monitor);
        registry.start();
        return registry;
    }

    @Override
    protected void add(Tracked t) {
        tracked.add(t);
    }

    @Override
    protected void remove(Tracked t) {
        tracked.remove(t);
    }

    @Override
    protected void forEachTracked(Consumer<Tracked> action) {
        tracked.forEach(action);
    }

    @Override
    public int activeCount() {
        return tracked.size();
    }
}
