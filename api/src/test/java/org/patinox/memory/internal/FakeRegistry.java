package org.patinox.memory.internal;

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

/** The smallest registry on the support layer, for the runtime's tests in this module. */
final class FakeRegistry extends RegistryCore {

    private final Set<Tracked> tracked = ConcurrentHashMap.newKeySet();

    private FakeRegistry(ResourceConfig config, List<AsyncCleanupProvider> cleanups, ProviderContext context,
                         Monitor monitor) {
        super(config, cleanups, context, monitor);
    }

    static FakeRegistry open(ResourceConfig config, List<AsyncCleanupProvider> cleanups, ProviderContext context,
                             Monitor monitor) {
        FakeRegistry registry = new FakeRegistry(config, cleanups, context, monitor);
        registry.start();
        return registry;
    }

    @Override
    protected void add(Tracked t) {
        tracked.add(t);
    }

    @Override
    protected boolean claim(Tracked t) {
        if (!t.claim()) {
            return false;
        }
        tracked.remove(t);
        return true;
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
