package org.patinox.memory.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.spi.Monitor;

/**
 * A {@link Monitor} that counts the library's events in a Micrometer {@link MeterRegistry} and
 * times resource cleanups. The plugin's {@link org.patinox.memory.spi.MonitorProvider} (named
 * {@code micrometer}, found by {@link java.util.ServiceLoader}) gives every {@link
 * org.patinox.memory.MemoryUtilities} one that counts in {@link Metrics#globalRegistry}; an
 * application that keeps its own registry points that monitor at it, or passes its own monitor in
 * the configuration:
 *
 * <pre>{@code
 * memory.monitor(MicrometerMonitor.class).ifPresent(m -> m.bindTo(registry));
 * // or
 * MemoryUtilities.open(UtilityConfig.builder().addMonitor(new MicrometerMonitor(registry, Tags.empty())).build());
 * }</pre>
 *
 * <h2>Meters</h2>
 * <ul>
 *   <li>A counter per category of event, tagged {@code kind} (the {@link EventKind}'s name in lower
 *       case, such as {@code acquire_timeout}) and the reporting component's name under the same
 *       key as {@link PatinoxMetrics}'s meters: {@code patinox.lifecycle.events} ({@code memory}),
 *       {@code patinox.pool.events} ({@code pool}), {@code patinox.cache.events} ({@code cache}),
 *       {@code patinox.resources.events} ({@code registry}), {@code patinox.mapping.events}
 *       ({@code mapping}) and {@code patinox.shared.events} ({@code shared}, for shared data and
 *       configurations).
 *   <li>{@code patinox.resources.cleanup}: a timer of each resource cleanup, from its hand-over to
 *       its end, tagged {@code registry} and {@code result=cleaned|failed|timed-out}.
 * </ul>
 * Every meter carries the tags given to the constructor as well.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Enabled kinds.</b> Every kind except those that come once per operation and that the
 *       components' statistics count already ({@link EventKind#CACHE_EVICTION}, {@link
 *       EventKind#SHARE_VERSION_PUBLISHED}): with this monitor installed, a cache lookup, an eviction
 *       or a published version builds no event; bind {@link PatinoxMetrics} to count those.
 *   <li><b>No listener, no cost.</b> While the registry is a composite with no registry in it (as
 *       the global registry is until the application adds one), {@link #record} returns at once,
 *       creating no meter.
 *   <li>Thread-safe; {@link #record} does not block beyond what the registry does, and after the
 *       first event of a kind from a component, finds its meter without allocating.
 *   <li>{@link #close} stops the counting and removes the meters this monitor registered, from
 *       every registry it counted in; the monitor an instance made for itself (the provider's) is
 *       closed with the instance, one given in the configuration by its owner.
 * </ul>
 */
public final class MicrometerMonitor implements Monitor, MeterBinder {

    private static final EventKind[] KINDS = EventKind.values();

    private final Tags tags;
    private volatile Target target;
    private volatile boolean closed;
    /** The registries counted in before {@link #bindTo} moved the counting, whose meters {@link #close} removes too. */
    private final List<Target> earlier = new CopyOnWriteArrayList<>();

    /** The registry counted in, with the meters found so far, swapped whole by {@link #bindTo}. */
    private record Target(MeterRegistry registry, List<ConcurrentMap<String, Counter>> counters,
                          ConcurrentMap<String, Timer[]> cleanupTimers) {

        static Target of(MeterRegistry registry) {
            List<ConcurrentMap<String, Counter>> counters = new ArrayList<>(KINDS.length);
            for (int i = 0; i < KINDS.length; i++) {
                counters.add(new ConcurrentHashMap<>());
            }
            return new Target(registry, List.copyOf(counters), new ConcurrentHashMap<>());
        }

        boolean listening() {
            return !(registry instanceof CompositeMeterRegistry composite) || !composite.getRegistries().isEmpty();
        }

        /** Takes every meter counted here out of the registry. */
        void removeMeters() {
            for (ConcurrentMap<String, Counter> byComponent : counters) {
                byComponent.values().forEach(registry::remove);
            }
            for (Timer[] timers : cleanupTimers.values()) {
                for (Timer timer : timers) {
                    registry.remove(timer);
                }
            }
        }
    }

    /**
     * A monitor that counts in the given registry.
     *
     * @param registry where to count
     * @param tags tags added to every meter
     */
    public MicrometerMonitor(MeterRegistry registry, Iterable<Tag> tags) {
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
        this.target = Target.of(Objects.requireNonNull(registry, "registry"));
    }

    /** A monitor that counts in {@link Metrics#globalRegistry}, with no tags of its own. */
    public MicrometerMonitor() {
        this(Metrics.globalRegistry, Tags.empty());
    }

    /**
     * Counts in {@code registry} from now on, instead of the registry given before; what was
     * counted there stays there.
     *
     * @param registry where to count
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        synchronized (earlier) {
            if (target.registry() != registry) {
                earlier.add(target);
                target = Target.of(registry);
            }
        }
    }

    /** @return the registry the monitor counts in */
    public MeterRegistry registry() {
        return target.registry();
    }

    /**
     * @param kind a kind of event
     * @return {@code false} for {@link EventKind#CACHE_EVICTION} and {@link
     *     EventKind#SHARE_VERSION_PUBLISHED}, counted by the components' statistics; {@code true} otherwise
     */
    @Override
    public boolean isEnabled(EventKind kind) {
        return kind != EventKind.CACHE_EVICTION && kind != EventKind.SHARE_VERSION_PUBLISHED;
    }

    @Override
    public void record(MonitorEvent event) {
        Target t = target;
        if (closed || !t.listening()) {
            return;
        }
        EventKind kind = event.kind();
        // get before computeIfAbsent: a capturing lambda would be allocated on every event.
        Counter counter = t.counters().get(kind.ordinal()).get(event.source());
        if (counter == null) {
            counter = t.counters().get(kind.ordinal()).computeIfAbsent(event.source(), source -> Counter
                    .builder(counterName(kind.category()))
                    .description("Events of the library reported by this component, by kind")
                    .tags(tags).tag(sourceKey(kind.category()), source).tag("kind", kind.name().toLowerCase(Locale.ROOT))
                    .register(t.registry()));
            if (closed) {
                // Made while close() removed the others (an event still in flight): it goes as well.
                t.registry().remove(counter);
                return;
            }
        }
        counter.increment();
        int result = switch (kind) {
            case RESOURCE_CLEANED -> 0;
            case RESOURCE_CLEANUP_FAILED -> 1;
            case RESOURCE_CLEANUP_TIMED_OUT -> 2;
            default -> -1;
        };
        if (result >= 0 && event.attributes().get("durationNanos") instanceof Long nanos) {
            Timer[] timers = t.cleanupTimers().get(event.source());
            if (timers == null) {
                timers = t.cleanupTimers().computeIfAbsent(event.source(), source -> new Timer[] {
                    cleanupTimer(t.registry(), source, "cleaned"),
                    cleanupTimer(t.registry(), source, "failed"),
                    cleanupTimer(t.registry(), source, "timed-out")});
                if (closed) {
                    for (Timer timer : timers) {
                        t.registry().remove(timer);
                    }
                    return;
                }
            }
            timers[result].record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    private Timer cleanupTimer(MeterRegistry registry, String source, String result) {
        return Timer.builder("patinox.resources.cleanup")
                .description("Resource cleanups, from their hand-over to their end")
                .tags(tags).tag("registry", source).tag("result", result)
                .register(registry);
    }

    /**
     * Stops the counting, and takes the meters this monitor registered out of every registry it
     * counted in: they are tagged with the names of one instance's components, unique in the JVM,
     * and would otherwise stay for every instance an application ever opened.
     */
    @Override
    public void close() {
        closed = true;
        synchronized (earlier) {
            earlier.forEach(Target::removeMeters);
            earlier.clear();
            target.removeMeters();
        }
    }

    /**
     * @param category a category of event
     * @return the name of the counter of its events, such as {@code patinox.pool.events}; named
     *     after the category, in the plural where {@link PatinoxMetrics} names the component so
     */
    static String counterName(EventKind.Category category) {
        String name = category.name().toLowerCase(Locale.ROOT);
        return "patinox." + (category == EventKind.Category.RESOURCE ? "resources"
                : category == EventKind.Category.SHARE ? "shared" : name) + ".events";
    }

    /**
     * @param category a category of event
     * @return the tag key that names the reporting component, as {@link PatinoxMetrics} names it;
     *     the category's name for a component it does not measure
     */
    static String sourceKey(EventKind.Category category) {
        return switch (category) {
            case LIFECYCLE -> "memory";
            case RESOURCE -> "registry";
            case SHARE -> "shared";
            default -> category.name().toLowerCase(Locale.ROOT);
        };
    }

    @Override
    public String toString() {
        return "MicrometerMonitor[" + target.registry().getClass().getSimpleName() + (closed ? ", closed]" : "]");
    }
}
