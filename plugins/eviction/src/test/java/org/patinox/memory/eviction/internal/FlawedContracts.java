package org.patinox.memory.eviction.internal;

import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.spi.EntryList;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.tck.EvictionStrategyContract;

/**
 * Contracts of strategies with deliberate flaws, for {@link ContractCatchesBreachesTest}, which
 * runs them through JUnit's launcher. Their names end otherwise than in {@code Test}, so that
 * Surefire does not run them itself, where their failures are the point.
 */
final class FlawedContracts {

    private FlawedContracts() {
    }

    /**
     * Exact LRU that takes calls about entries it does not hold, and inserts of entries it holds,
     * cutting its list: the flaw of {@link AcceptsUnknownEntries}.
     */
    static class TrustingLru<K, V> implements EvictionStrategy<K, V> {
        final EntryList<K, V> order = new EntryList<>();

        @Override
        public void onInsert(CacheEntry<K, V> entry) {
            order.addLast(entry);
        }

        @Override
        public void onAccess(CacheEntry<K, V> entry) {
            order.moveToLast(entry);
        }

        @Override
        public void onUpdate(CacheEntry<K, V> entry, int previousWeight) {
            order.moveToLast(entry);
        }

        @Override
        public void onRemove(CacheEntry<K, V> entry) {
            order.remove(entry);
        }

        @Override
        public CacheEntry<K, V> victim() {
            return order.first();
        }

        @Override
        public java.util.List<CacheEntry<K, V>> coldest(int limit) {
            java.util.List<CacheEntry<K, V>> list = new java.util.ArrayList<>();
            for (CacheEntry<K, V> e = order.first(); e != null && list.size() < limit; e = e.next()) {
                list.add(e);
            }
            return list;
        }
    }

    /**
     * Exact LRU, whose flaws the subclasses add: it refuses calls about entries it does not hold,
     * which it tells by their mark, so that the flaws in its links do not hide it.
     */
    static class Lru<K, V> extends TrustingLru<K, V> {
        private void requireHeld(CacheEntry<K, V> entry) {
            if (entry.mark() != 1) {
                throw new IllegalStateException("lru does not hold the entry of key " + entry.key());
            }
        }

        @Override
        public void onInsert(CacheEntry<K, V> entry) {
            if (entry.mark() == 1) {
                throw new IllegalStateException("lru holds the entry of key " + entry.key() + " already");
            }
            super.onInsert(entry);
            entry.mark(1);
        }

        @Override
        public void onAccess(CacheEntry<K, V> entry) {
            requireHeld(entry);
            super.onAccess(entry);
        }

        @Override
        public void onUpdate(CacheEntry<K, V> entry, int previousWeight) {
            requireHeld(entry);
            super.onUpdate(entry, previousWeight);
        }

        @Override
        public void onRemove(CacheEntry<K, V> entry) {
            requireHeld(entry);
            super.onRemove(entry);
            entry.mark(0);
        }
    }

    /** Takes calls about entries it does not hold, and inserts of entries it holds. */
    static final class AcceptsUnknownEntries extends EvictionStrategyContract {
        @Override
        protected <K, V> EvictionStrategy<K, V> newStrategy(CacheConfig<K, V> config) {
            return new TrustingLru<>();
        }
    }

    /** The flawless LRU, which passes every check. */
    static final class Flawless extends EvictionStrategyContract {
        @Override
        protected <K, V> EvictionStrategy<K, V> newStrategy(CacheConfig<K, V> config) {
            return new Lru<>();
        }
    }

    /** Forgets to forget: removed entries stay in its list, and come back as victims. */
    static final class KeepsRemovedEntries extends EvictionStrategyContract {
        @Override
        protected <K, V> EvictionStrategy<K, V> newStrategy(CacheConfig<K, V> config) {
            return new Lru<>() {
                @Override
                public void onRemove(CacheEntry<K, V> entry) {
                    // Flaw: nothing.
                }
            };
        }
    }

    /** Answers no victim while it holds four entries or fewer, over the bound or not. */
    static final class NoVictimWhenSmall extends EvictionStrategyContract {
        @Override
        protected <K, V> EvictionStrategy<K, V> newStrategy(CacheConfig<K, V> config) {
            return new Lru<>() {
                @Override
                public CacheEntry<K, V> victim() {
                    return order.size() > 4 ? order.first() : null;
                }
            };
        }
    }

    /** Answers the last entry inserted even once it left. */
    static final class VictimWhenEmpty extends EvictionStrategyContract {
        @Override
        protected <K, V> EvictionStrategy<K, V> newStrategy(CacheConfig<K, V> config) {
            return new Lru<>() {
                private CacheEntry<K, V> last;

                @Override
                public void onInsert(CacheEntry<K, V> entry) {
                    super.onInsert(entry);
                    last = entry;
                }

                @Override
                public CacheEntry<K, V> victim() {
                    return order.isEmpty() ? last : order.first();
                }
            };
        }
    }

    /** Leaves a removed entry linked into its list. */
    static final class LeavesLinks extends EvictionStrategyContract {
        @Override
        protected <K, V> EvictionStrategy<K, V> newStrategy(CacheConfig<K, V> config) {
            return new Lru<>() {
                @Override
                public void onRemove(CacheEntry<K, V> entry) {
                    super.onRemove(entry);
                    entry.next(order.first());
                }
            };
        }
    }

    /** The same flaw, in a strategy that declares it uses the links its own way. */
    static final class LeavesLinksByDesign extends EvictionStrategyContract {
        @Override
        protected <K, V> EvictionStrategy<K, V> newStrategy(CacheConfig<K, V> config) {
            return new Lru<>() {
                @Override
                public void onRemove(CacheEntry<K, V> entry) {
                    super.onRemove(entry);
                    entry.next(entry);
                }
            };
        }

        @Override
        protected boolean checksEntryLinks() {
            return false;
        }
    }

    /**
     * Keeps its own idea of the weight and misses updates, so it thinks a cache made heavier fits;
     * and answers no victim while it thinks the cache fits.
     */
    static final class IgnoresUpdatedWeights extends EvictionStrategyContract {
        @Override
        protected <K, V> EvictionStrategy<K, V> newStrategy(CacheConfig<K, V> config) {
            return new Lru<>() {
                private long weight;

                @Override
                public void onInsert(CacheEntry<K, V> entry) {
                    super.onInsert(entry);
                    weight += entry.weight();
                }

                @Override
                public void onRemove(CacheEntry<K, V> entry) {
                    super.onRemove(entry);
                    weight -= entry.weight();
                }

                @Override
                public CacheEntry<K, V> victim() {
                    return weight > config.maximumWeight() ? order.first() : null;
                }
            };
        }
    }

    /** Never gives up an entry heavier than the whole cache. */
    static final class KeepsHeavyEntries extends EvictionStrategyContract {
        @Override
        protected <K, V> EvictionStrategy<K, V> newStrategy(CacheConfig<K, V> config) {
            return new Lru<>() {
                @Override
                public CacheEntry<K, V> victim() {
                    for (CacheEntry<K, V> e = order.first(); e != null; e = e.next()) {
                        if (e.weight() <= config.maximumWeight()) {
                            return e;
                        }
                    }
                    return null;
                }
            };
        }
    }

    /** Evicts the most recently used entry first. */
    static final class MostRecentFirst extends EvictionStrategyContract {
        @Override
        protected <K, V> EvictionStrategy<K, V> newStrategy(CacheConfig<K, V> config) {
            return new Lru<>() {
                @Override
                public CacheEntry<K, V> victim() {
                    return order.last();
                }
            };
        }
    }

    /** Evicts the least recent first, but lists the most recent as the coldest. */
    static final class ColdestOutOfOrder extends EvictionStrategyContract {
        @Override
        protected <K, V> EvictionStrategy<K, V> newStrategy(CacheConfig<K, V> config) {
            return new Lru<>() {
                @Override
                public java.util.List<CacheEntry<K, V>> coldest(int limit) {
                    java.util.List<CacheEntry<K, V>> list = new java.util.ArrayList<>();
                    for (CacheEntry<K, V> e = order.last(); e != null && list.size() < limit; e = e.previous()) {
                        list.add(e);
                    }
                    return list;
                }
            };
        }
    }

    /** Keeps the SPI's default, which does not list the order, and says so. */
    static final class ListsNoOrder extends EvictionStrategyContract {
        @Override
        protected <K, V> EvictionStrategy<K, V> newStrategy(CacheConfig<K, V> config) {
            return new EvictionStrategy<>() {
                private final Lru<K, V> lru = new Lru<>();

                @Override
                public void onInsert(CacheEntry<K, V> entry) {
                    lru.onInsert(entry);
                }

                @Override
                public void onAccess(CacheEntry<K, V> entry) {
                    lru.onAccess(entry);
                }

                @Override
                public void onUpdate(CacheEntry<K, V> entry, int previousWeight) {
                    lru.onUpdate(entry, previousWeight);
                }

                @Override
                public void onRemove(CacheEntry<K, V> entry) {
                    lru.onRemove(entry);
                }

                @Override
                public CacheEntry<K, V> victim() {
                    return lru.victim();
                }
            };
        }

        @Override
        protected boolean listsItsOrder() {
            return false;
        }
    }

    /** Keeps the SPI's default, which does not list the order, and does not say so: told what to do. */
    static final class ListsNoOrderAndDoesNotSay extends EvictionStrategyContract {
        @Override
        protected <K, V> EvictionStrategy<K, V> newStrategy(CacheConfig<K, V> config) {
            return new ListsNoOrder().newStrategy(config);
        }
    }
}
