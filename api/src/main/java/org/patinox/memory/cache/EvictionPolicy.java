package org.patinox.memory.cache;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import org.patinox.memory.ConfigException;
import org.patinox.memory.internal.Durations;
import org.patinox.memory.spi.EvictionStrategy;

/**
 * Which entries a bounded {@link Cache} gives up first. Each cache gets a new {@link
 * EvictionStrategy} made from its policy.
 *
 * <ul>
 *   <li>{@link #lru()}: exact least-recently-used.
 *   <li>{@link #lfu()}: least-frequently-used, counting accesses only while an entry is cached
 *       (an evicted key starts again from one); ties go to the least recently used.
 *   <li>{@link #ttl(Duration)}: entries expire a fixed time after they were written, and when the
 *       cache is full the oldest written goes first.
 *   <li>{@link #named(String)}: a strategy found through {@link
 *       org.patinox.memory.spi.EvictionStrategyProvider} by name, such as {@code w-tinylfu},
 *       {@code arc}, {@code sieve} or {@code s3-fifo} from {@code patinox-memory-eviction}, or the
 *       built-in {@code lru}, {@code lfu} and {@code ttl}.
 *   <li>{@link #custom(Supplier)}: the user's own strategy.
 * </ul>
 */
public sealed interface EvictionPolicy
        permits EvictionPolicy.Named, EvictionPolicy.TimeToLive, EvictionPolicy.Custom {

    /** @return the name of the policy, as {@link #named} takes it, for messages and stats */
    String name();

    /** @return exact least-recently-used */
    static EvictionPolicy lru() {
        return new Named("lru");
    }

    /** @return least-frequently-used, counting only while cached; see the class description */
    static EvictionPolicy lfu() {
        return new Named("lfu");
    }

    /**
     * @param timeToLive how long after its write an entry expires; positive
     * @return expiry by age, evicting the oldest written when full
     * @throws ConfigException when the duration is not positive
     */
    static EvictionPolicy ttl(Duration timeToLive) {
        return new TimeToLive(timeToLive);
    }

    /**
     * @param name the name of a strategy provider, such as {@code w-tinylfu}; case does not matter
     * @return the policy of that strategy; the name is checked when a cache is made
     */
    static EvictionPolicy named(String name) {
        return new Named(name);
    }

    /**
     * @param factory makes a new strategy for each cache made with this policy
     * @return the user's own policy
     */
    static EvictionPolicy custom(Supplier<? extends EvictionStrategy<?, ?>> factory) {
        return new Custom(factory);
    }

    /**
     * A strategy chosen by name.
     *
     * @param name the provider's name, stored in lower case
     */
    record Named(String name) implements EvictionPolicy {
        /** Checks that the name is not blank and stores it in lower case. */
        public Named {
            Objects.requireNonNull(name, "policy name");
            if (name.isBlank()) {
                throw new ConfigException("policy name must not be blank, but was '" + name + "'");
            }
            name = name.strip().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Expiry a fixed time after the write; the strategy is {@code ttl}.
     *
     * @param timeToLive how long after its write an entry expires
     */
    record TimeToLive(Duration timeToLive) implements EvictionPolicy {
        /** Checks that the duration is positive. */
        public TimeToLive {
            Objects.requireNonNull(timeToLive, "timeToLive");
            if (timeToLive.isNegative() || timeToLive.isZero()) {
                throw new ConfigException("policy ttl needs a positive duration, but was "
                        + Durations.format(timeToLive));
            }
        }

        @Override
        public String name() {
            return "ttl";
        }
    }

    /**
     * The user's own strategy.
     *
     * @param factory makes a new strategy for each cache
     */
    record Custom(Supplier<? extends EvictionStrategy<?, ?>> factory) implements EvictionPolicy {
        /** Checks that the factory is given. */
        public Custom {
            Objects.requireNonNull(factory, "factory");
        }

        @Override
        public String name() {
            return "custom";
        }
    }
}
