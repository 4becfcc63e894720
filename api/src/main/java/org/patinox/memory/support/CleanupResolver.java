package org.patinox.memory.support;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.patinox.memory.ConfigException;
import org.patinox.memory.resource.ResourceConfig;
import org.patinox.memory.spi.AsyncCleanup;
import org.patinox.memory.spi.AsyncCleanupProvider;

/**
 * Chooses the {@link AsyncCleanupProvider} for a resource's class: among those whose type the
 * class is assignable to, the most specific (no other candidate's type is a subtype of it), then
 * the highest priority, then the first name. The cleanup made is kept per class.
 *
 * <p>Shared by the first-party implementations: not part of the API.
 */
public final class CleanupResolver {

    private record Candidate(AsyncCleanupProvider provider, String name, Class<?> type, int priority) {
    }

    private final List<Candidate> candidates;
    private final ResourceConfig config;
    private final ConcurrentHashMap<Class<?>, AsyncCleanup<?>> chosen = new ConcurrentHashMap<>();

    /**
     * @param providers the providers found; one that cannot tell its type, name or priority, or gives
     *     {@code null} for either, is skipped
     * @param config the registry's configuration, handed to the providers
     */
    public CleanupResolver(List<AsyncCleanupProvider> providers, ResourceConfig config) {
        List<Candidate> list = new ArrayList<>();
        for (AsyncCleanupProvider p : providers) {
            Candidate candidate;
            try {
                candidate = new Candidate(p, p.name(), p.resourceType(), p.priority());
            } catch (RuntimeException | LinkageError e) {
                RegistryCore.LOG.log(System.Logger.Level.WARNING, "Skipped cleanup provider " + p.getClass().getName()
                        + ", which could not tell its name, type or priority: " + e, e);
                continue;
            }
            if (candidate.name() == null || candidate.type() == null) {
                RegistryCore.LOG.log(System.Logger.Level.WARNING, "Skipped cleanup provider " + p.getClass().getName()
                        + ", which gave no " + (candidate.name() == null ? "name" : "resource type") + " (null)");
                continue;
            }
            list.add(candidate);
        }
        this.candidates = List.copyOf(list);
        this.config = config;
    }

    /**
     * @param type the class of a resource
     * @return the cleanup for it
     * @throws ConfigException when no provider handles it, naming it and the types handled
     */
    public AsyncCleanup<?> cleanupFor(Class<?> type) {
        AsyncCleanup<?> c = chosen.get(type);
        return c != null ? c : chosen.computeIfAbsent(type, this::choose);
    }

    /**
     * @param type the class of a resource
     * @return the name of the provider chosen for it, for tests and messages
     */
    public String providerFor(Class<?> type) {
        return best(type).name();
    }

    private AsyncCleanup<?> choose(Class<?> type) {
        Candidate best = best(type);
        AsyncCleanup<?> cleanup;
        try {
            cleanup = best.provider().create(config);
        } catch (RuntimeException | LinkageError e) {
            throw new ConfigException("Cleanup provider '" + best.name() + "' failed to make the cleanup for "
                    + type.getName() + ": " + e, e);
        }
        if (cleanup == null) {
            throw new ConfigException("Cleanup provider '" + best.name() + "' made no cleanup for " + type.getName());
        }
        return cleanup;
    }

    private Candidate best(Class<?> type) {
        List<Candidate> fitting = candidates.stream().filter(c -> c.type().isAssignableFrom(type)).toList();
        return fitting.stream()
                // Most specific: no other fitting candidate's type is a strict subtype of this one's.
                .filter(c -> fitting.stream().noneMatch(o -> o.type() != c.type() && c.type().isAssignableFrom(o.type())))
                .min(Comparator.comparingInt(Candidate::priority).reversed().thenComparing(Candidate::name))
                .orElseThrow(() -> new ConfigException("No cleanup provider handles resources of type " + type.getName()
                        + "; the types handled are " + candidates.stream().map(c -> c.type().getName() + " (" + c.name() + ")")
                        .distinct().sorted().toList() + ". Pass the cleanup to register(resource, cleanup), or add an"
                        + " AsyncCleanupProvider for the type."));
    }
}
