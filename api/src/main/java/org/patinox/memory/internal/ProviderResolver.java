package org.patinox.memory.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.patinox.memory.ConfigException;
import org.patinox.memory.ProviderSelection;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.spi.MemoryProvider;

/**
 * Finds providers through {@link ServiceLoader} and chooses the implementation. A provider that
 * fails to load is reported and skipped, never fatal to the others.
 */
public final class ProviderResolver {

    static final System.Logger LOG = QuietLogger.named("org.patinox.memory");

    /** The artifacts of the implementations this project ships, for the message when one is missing. */
    private static final Map<String, String> KNOWN_ARTIFACTS = new LinkedHashMap<>();

    static {
        KNOWN_ARTIFACTS.put("standard", "org.patinox:patinox-memory-standard");
        KNOWN_ARTIFACTS.put("lockfree", "org.patinox:patinox-memory-lockfree");
    }

    // A broken class path could make every lookup fail; this bounds the loop over them.
    private static final int MAX_FAILURES = 64;

    private ProviderResolver() {
    }

    /**
     * What a lookup found.
     *
     * @param providers the providers that loaded
     * @param failures one line for each that did not: what it was and why
     * @param <S> the service type
     */
    public record Loaded<S>(List<S> providers, List<String> failures) {
        /** Copies the lists. */
        public Loaded {
            providers = List.copyOf(providers);
            failures = List.copyOf(failures);
        }
    }

    /**
     * The chosen implementation and the account of the choice.
     *
     * @param provider the implementation
     * @param selection what was found and why this one was chosen
     */
    public record Choice(MemoryProvider provider, ProviderSelection selection) {
    }

    /**
     * Loads every provider of a service visible to this module, skipping and reporting those that
     * fail to load or instantiate.
     *
     * @param service the service interface, which this module {@code uses}
     * @param <S> the service type
     * @return the providers that loaded, and the failures
     */
    public static <S> Loaded<S> load(Class<S> service) {
        return load(service.getSimpleName(), ServiceLoader.load(service).stream().iterator());
    }

    static <S> Loaded<S> load(String service, Iterator<ServiceLoader.Provider<S>> lookup) {
        List<S> providers = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        while (failures.size() < MAX_FAILURES) {
            ServiceLoader.Provider<S> candidate;
            try {
                // Both the lookup of the next class and its instantiation may fail; the lookup
                // resumes after a failure with the next entry.
                if (!lookup.hasNext()) {
                    break;
                }
                candidate = lookup.next();
                providers.add(candidate.get());
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                String failure = describe(e);
                failures.add(failure);
                LOG.log(System.Logger.Level.WARNING, "Skipped a " + service + " that failed to load: " + failure, e);
            }
        }
        return new Loaded<>(providers, failures);
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            text.append(": ").append(cause);
        }
        return text.toString();
    }

    /**
     * Chooses the implementation for a configuration, from every {@link MemoryProvider} found.
     *
     * @param config names the implementation, or not
     * @return the choice
     * @throws ConfigException when none is found, or none by the name asked for
     */
    public static Choice resolve(UtilityConfig config) {
        return resolve(config, load(MemoryProvider.class));
    }

    static Choice resolve(UtilityConfig config, Loaded<MemoryProvider> found) {
        // Set but blank is refused, as in any properties (Settings.nonBlank), not taken as unset.
        Optional<String> fromProperty = Optional.ofNullable(System.getProperty(UtilityConfig.PROVIDER))
                .map(v -> Settings.nonBlank(UtilityConfig.PROVIDER, v).strip());
        // MemoryUtilities.open() reads the system properties into its configuration: a name that
        // is the system property's came from there, and is reported so.
        Optional<String> configured = config.provider().filter(name -> !fromProperty.equals(Optional.of(name.strip())));
        return choose(found, configured, fromProperty);
    }

    static Choice choose(Loaded<MemoryProvider> found, Optional<String> configured, Optional<String> property) {
        List<String> failures = new ArrayList<>(found.failures());
        List<Candidate> candidates = candidates(found.providers(), failures);
        // The same name twice (two versions of an artifact, say): the first by priority counts.
        Map<String, Candidate> byName = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            Candidate earlier = byName.putIfAbsent(c.name(), c);
            if (earlier != null) {
                String duplicate = c.type() + " also provides '" + c.name() + "'; " + earlier.type() + " is used";
                failures.add(duplicate);
                LOG.log(System.Logger.Level.WARNING, duplicate);
            }
        }
        List<String> listed = byName.values().stream().map(Candidate::label).toList();

        Candidate chosen;
        String reason;
        if (configured.isPresent() || property.isPresent()) {
            String wanted = configured.or(() -> property).orElseThrow().strip();
            String source = configured.isPresent() ? "the configuration" : "system property " + UtilityConfig.PROVIDER;
            // In any case, as every other named setting (LRU, INFO, READ-WRITE) is taken.
            chosen = byName.getOrDefault(wanted, byName.values().stream()
                    .filter(c -> c.name().equalsIgnoreCase(wanted)).findFirst().orElse(null));
            if (chosen == null) {
                throw new ConfigException(UtilityConfig.PROVIDER + " (from " + source + ") is '" + wanted
                        + "', but the implementations found are " + listed + skippedNote(failures)
                        + ". Add the artifact that provides '" + wanted + "' (" + artifacts() + ").");
            }
            reason = (configured.isPresent() ? "named in " : "named by ") + source;
        } else if (byName.isEmpty()) {
            throw new ConfigException("No Patinox Memory implementation was found on the module path or"
                    + " class path" + skippedNote(failures) + ". Add one of " + artifacts() + ".");
        } else {
            chosen = byName.values().iterator().next();
            reason = byName.size() == 1
                    ? "the only implementation found"
                    : "highest priority among " + listed;
        }
        ProviderSelection selection = new ProviderSelection(
                chosen.name(), chosen.provider().description(), reason, listed, failures);
        // Every open logs this: DEBUG keeps a healthy application quiet; ask for the logger
        // org.patinox.memory at DEBUG (FINE) to see it, or read MemoryUtilities.provider().
        LOG.log(System.Logger.Level.DEBUG, () -> "Patinox Memory uses '" + chosen.name() + "': " + reason);
        return new Choice(chosen.provider(), selection);
    }

    private record Candidate(String name, int priority, String type, MemoryProvider provider) {
        String label() {
            return name + " (priority " + priority + ")";
        }
    }

    private static List<Candidate> candidates(List<MemoryProvider> providers, List<String> failures) {
        List<Candidate> candidates = new ArrayList<>();
        for (MemoryProvider p : providers) {
            String name;
            int priority;
            try {
                name = p.name();
                priority = p.priority();
            } catch (RuntimeException | LinkageError e) {
                String failure = p.getClass().getName() + " could not tell its name or priority: " + e;
                failures.add(failure);
                LOG.log(System.Logger.Level.WARNING, failure, e);
                continue;
            }
            if (name == null) {
                String failure = p.getClass().getName() + " gave no name (null)";
                failures.add(failure);
                LOG.log(System.Logger.Level.WARNING, failure);
                continue;
            }
            candidates.add(new Candidate(name, priority, p.getClass().getName(), p));
        }
        candidates.sort(Comparator.comparingInt(Candidate::priority).reversed()
                .thenComparing(Candidate::name).thenComparing(Candidate::type));
        return candidates;
    }

    private static String skippedNote(List<String> failures) {
        return failures.isEmpty() ? "" : " (skipped: " + String.join("; ", failures) + ")";
    }

    private static String artifacts() {
        return KNOWN_ARTIFACTS.entrySet().stream()
                .map(e -> e.getValue() + " for '" + e.getKey() + "'")
                .collect(Collectors.joining(", "));
    }
}
