package org.patinox.memory.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SequencedMap;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.PoolException;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheLoader;
import org.patinox.memory.cache.CachePolicy;
import org.patinox.memory.cache.CacheStats;
import org.patinox.memory.cache.EvictionPolicy;
import org.patinox.memory.cache.Expiry;
import org.patinox.memory.jdbc.PooledDataSource;
import org.patinox.memory.mapping.MappableType;
import org.patinox.memory.mapping.MappedFile;
import org.patinox.memory.mapping.MappedSlice;
import org.patinox.memory.mapping.MappingConfig;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.pool.PooledConnection;
import org.patinox.memory.resource.ResourceGuard;
import org.patinox.memory.resource.ResourceRegistry;
import org.patinox.memory.share.ConfigData;
import org.patinox.memory.share.ConfigData.Validator;
import org.patinox.memory.share.ConfigSource;
import org.patinox.memory.share.MutableSharedData;
import org.patinox.memory.share.SharedData;
import org.patinox.memory.spi.BlockingConnectionManager;
import org.patinox.memory.spi.ConnectionManager;
import org.patinox.memory.spi.Monitor;

/**
 * The code of the README's guides, one tagged region per snippet ({@code tag::name[]} to {@code
 * end::name[]}): compiled here and run, and compared with the README by {@link ReadmeSnippetsTest},
 * so that a snippet cannot drift from the API. What a snippet leaves out (the application's own
 * types, a server to connect to) is declared around it.
 */
public final class GuideSnippetsTest {

    @Test
    void open() {
        // tag::open[]
        try (MemoryUtilities memory = MemoryUtilities.open()) {      // reads patinox.memory.* system properties
            System.out.println(memory.provider().name() + ": " + memory.provider().reason());
        }
        // end::open[]
    }

    /** A connection of the application's: a channel that sends requests. */
    static final class Channel {
        static final List<String> SENT = new CopyOnWriteArrayList<>();
        volatile boolean open = true;

        void send(String request) {
            SENT.add(request);
        }
    }

    /** How to make, check and close channels, asynchronously. */
    static final class ChannelManager implements ConnectionManager<Channel> {
        @Override
        public CompletionStage<Channel> create() {
            return CompletableFuture.completedFuture(new Channel());
        }

        @Override
        public CompletionStage<Boolean> validate(Channel channel) {
            return CompletableFuture.completedFuture(channel.open);
        }

        @Override
        public CompletionStage<Void> recycle(Channel channel) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> destroy(Channel channel) {
            channel.open = false;
            return CompletableFuture.completedFuture(null);
        }
    }

    @Test
    void pool() throws InterruptedException {
        String request = "order 42";
        try (MemoryUtilities memory = MemoryUtilities.open()) {
            // tag::pool[]
            PoolConfig config = PoolConfig.builder().name("orders").minSize(2).maxSize(16)
                    .acquireTimeout(Duration.ofSeconds(2)).build();
            try (Pool<Channel> pool = memory.pool(new ChannelManager(), config)) {
                try (PooledConnection<Channel> c = pool.acquire(Duration.ofSeconds(1))) {   // parks, never pins
                    c.get().send(request);
                }                                                                            // returned here
                pool.acquire().thenAccept(c -> { try (c) { c.get().send(request); } });      // or asynchronously
            }
            // end::pool[]
        }
        assertTrue(Channel.SENT.contains(request), Channel.SENT.toString());
    }

    @Test
    void blocking_pool() throws Exception {
        InetAddress host = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 8, host);
             MemoryUtilities memory = MemoryUtilities.open()) {
            int port = server.getLocalPort();
            Thread.ofVirtual().start(() -> {
                try (Socket accepted = server.accept()) {
                    accepted.getInputStream().read();   // held open until the pool closes it
                } catch (IOException e) {
                    // The server closed: the test is over.
                }
            });
            // tag::blocking-pool[]
            BlockingConnectionManager<Socket> sockets = new BlockingConnectionManager<>() {
                public Socket create() throws IOException { return new Socket(host, port); }
                public boolean validate(Socket s) { return s.isConnected() && !s.isClosed(); }
                public void destroy(Socket s) throws IOException { s.close(); }
            };
            Pool<Socket> pool = memory.pool(sockets, PoolConfig.defaults());
            // end::blocking-pool[]
            try (PooledConnection<Socket> s = pool.acquire(Duration.ofSeconds(10))) {
                assertEquals(port, s.get().getPort());
            }
        }
    }

    /** A customer of the application's. */
    record Customer(long id, String name) {
    }

    /** Where customers come from, counting its loads. */
    static class Repository {
        final LongAdder loads = new LongAdder();

        Customer load(long id) {
            loads.increment();
            return new Customer(id, "customer " + id);
        }
    }

    @Test
    void cache() throws Exception {
        Repository repository = new Repository();
        System.Logger log = System.getLogger(GuideSnippetsTest.class.getName());
        try (MemoryUtilities memory = MemoryUtilities.open()) {
            // tag::cache[]
            CacheConfig<Long, Customer> config = CacheConfig.builder().name("customers")
                    .maximumSize(10_000)
                    .policy(EvictionPolicy.named("w-tinylfu"))          // or lru(), lfu(), ttl(d), custom(MyStrategy::new)
                    .expireAfterAccess(Duration.ofMinutes(10))
                    .removalListener((id, customer, cause) -> log.log(Level.DEBUG, "{0} left: {1}", id, cause))
                    .build();
            try (Cache<Long, Customer> customers = memory.cache(config)) {
                Customer c = customers.get(42L, id -> repository.load(id));   // loaded once, however many ask at once
                customers.getAsync(43L, id -> repository.load(id));           // loaded on a virtual thread
                CacheStats stats = customers.stats();                         // hits, misses, loads, evictions by cause
                                                                              // (zero with .recordStats(false))
                // end::cache[]
                assertEquals(new Customer(42, "customer 42"), c);
                assertEquals(new Customer(43, "customer 43"), customers.getAsync(43L, id -> repository.load(id)).get());
                assertEquals(2, repository.loads.sum());
                assertTrue(stats.missCount() >= 1, stats.toString());
            }
        }
    }

    /** Counts the pools' acquire timeouts: the one kind of event it asks for. */
    static final class TimeoutCounter implements Monitor {
        private final LongAdder timeouts = new LongAdder();

        @Override
        public boolean isEnabled(EventKind kind) {
            return kind == EventKind.ACQUIRE_TIMEOUT;
        }

        @Override
        public void record(MonitorEvent event) {
            timeouts.increment();
        }

        /** @return the timeouts counted */
        long timeouts() {
            return timeouts.sum();
        }
    }

    @Test
    void monitor() throws InterruptedException {
        // tag::monitor[]
        UtilityConfig config = UtilityConfig.builder().addMonitor(new TimeoutCounter()).build();
        try (MemoryUtilities memory = MemoryUtilities.open(config)) {
            // ... pools time out under load ...
            // end::monitor[]
            try (Pool<Channel> pool = memory.pool(new ChannelManager(), PoolConfig.builder().maxSize(1).build());
                 PooledConnection<Channel> held = pool.acquire(Duration.ofSeconds(5))) {
                try (PooledConnection<Channel> none = pool.acquire(Duration.ofMillis(1))) {
                    throw new AssertionError("a pool of one lent its connection twice: " + held + ", " + none);
                } catch (PoolException expected) {
                    assertEquals(PoolException.Kind.TIMEOUT, expected.kind());
                }
            }
            // tag::monitor[]
            long timeouts = memory.monitor(TimeoutCounter.class).orElseThrow().timeouts();
            // end::monitor[]
            assertEquals(1, timeouts);
        }
    }

    @Test
    void resources() throws Exception {
        try (MemoryUtilities memory = MemoryUtilities.open()) {
            // tag::resources[]
            ResourceRegistry resources = memory.resources();             // or memory.resources(ResourceConfig)
            Path work;
            try (ResourceGuard<Path> dir = resources.register(Files.createTempDirectory("work"))) {
                work = dir.get();
                Files.writeString(work.resolve("a.txt"), "a");
            }                                                           // the tree is deleted here, once
            // end::resources[]
            assertFalse(Files.exists(work), work.toString());
        }
    }

    // tag::mapping[]
    public record Trade(long id, double price, int quantity) { }          // public, in an exported package
    // end::mapping[]

    @Test
    void mapping(@TempDir Path dir) {
        Path path = dir.resolve("trades.bin");
        long units;
        double top;
        try (MemoryUtilities memory = MemoryUtilities.open()) {
            // tag::mapping[]
            MappableType<Trade> trades = MappableType.record(Trade.class, ByteOrder.LITTLE_ENDIAN);
            try (MappedFile file = memory.map(path, MappingConfig.create(0))) {
                MappedSlice<Trade> slice = file.createTyped(trades, 1_000_000);   // header + 24 MB of records
                slice.set(0, new Trade(1, 9.5, 3));
            }
            try (MappedFile file = memory.map(path, MappingConfig.readOnly())) {
                MappedSlice<Trade> slice = file.openTyped(trades);                 // fails if not a file of Trades
                units = file.guarded(() -> slice.stream().mapToLong(Trade::quantity).sum());
                MappedSlice<Double> prices = slice.component("price", Double.class); // one column, read alone
                top = file.guarded(() -> prices.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
            }
            // end::mapping[]
        }
        assertEquals(3, units);
        assertEquals(9.5, top);
    }

    /** Limits of the application's, shared as immutable snapshots. */
    record Limits(int min, int max) {
    }

    /** A mutable index of the application's, shared through callbacks. */
    static final class Index {
        private final Map<String, Integer> counts = new HashMap<>();

        int lookup(String key) {
            return counts.getOrDefault(key, 0);
        }

        void add(String key, int n) {
            counts.merge(key, n, Integer::sum);
        }
    }

    /** The application's settings, read from a properties file. */
    record Settings(int port) {
        static Settings parse(Properties p) {
            return new Settings(Integer.parseInt(p.getProperty("port", "").strip()));
        }
    }

    @Test
    void sharing(@TempDir Path dir) throws Exception {
        Settings defaults = new Settings(8080);
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "port=9090\n");
        try (MemoryUtilities memory = MemoryUtilities.open()) {
            // tag::sharing[]
            SharedData<Limits> limits = memory.shared(new Limits(10, 100));          // immutable snapshots
            limits.update(l -> new Limits(l.min(), l.max() * 2));                      // copy-on-write, may run twice
            MutableSharedData<Index> index = memory.mutableShared(Index::new);         // reached through callbacks only
            int hits = index.read(i -> i.lookup("key"));
            index.write(i -> i.add("key", 1));
            ConcurrentMap<String, Long> counts = memory.concurrentMap();              // refuses updates from its own compute
            ConfigData<Settings> settings = memory.config(defaults, List.of(Validator.that("port", s -> s.port() > 0)));
            settings.subscribe(v -> System.out.println("version " + v.version() + ": " + v.value()));
            ConfigSource source = settings.reloadFrom(file, Settings::parse);
            // end::sharing[]
            assertEquals(new Limits(10, 200), limits.get());
            assertEquals(0, hits);
            int after = index.read(i -> i.lookup("key"));
            assertEquals(1, after);
            counts.merge("a", 1L, Long::sum);
            assertEquals(Map.of("a", 1L), Map.copyOf(counts));
            assertEquals(new Settings(9090), settings.current().value(), "the file is read at once");
            source.close();
        }
    }

    @Test
    void jdbc() throws Exception {
        String url = "jdbc:h2:mem:guide";
        Properties props = new Properties();
        List<Integer> seen = new ArrayList<>();
        // tag::jdbc[]
        try (MemoryUtilities memory = MemoryUtilities.open();
             PooledDataSource db = PooledDataSource.create(memory, url, props,   // url = "jdbc:postgresql://127.0.0.1/app"
                     PoolConfig.builder().maxSize(20).build());
             Connection c = db.getConnection();
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select 1")) {
            // end::jdbc[]
            while (r.next()) {
                seen.add(r.getInt(1));
            }
            assertNull(r.getWarnings());
        }
        assertEquals(List.of(1), seen);
    }

    /** A session of the application's; an administrator's lasts less. */
    record Session(String user, boolean isAdmin) {
    }

    @Test
    void expiry() {
        AtomicLong now = new AtomicLong();
        // tag::expiry[]
        CacheConfig<String, Session> sessions = CacheConfig.builder().maximumSize(100_000)
                .expiry(Expiry.accessing((String id, Session s) -> s.isAdmin() ? Duration.ofMinutes(5)
                                                                              : Duration.ofHours(8)))
                .build();
        // end::expiry[]
        try (MemoryUtilities memory = MemoryUtilities.open();
             Cache<String, Session> cache = memory.cache(sessions.toBuilder().ticker(now::get).build())) {
            cache.put("root", new Session("root", true));
            cache.put("ada", new Session("ada", false));
            now.addAndGet(Duration.ofMinutes(6).toNanos());
            assertNull(cache.getIfPresent("root"), "an administrator's session lasts 5 minutes");
            assertEquals(new Session("ada", false), cache.getIfPresent("ada"));
            now.addAndGet(Duration.ofHours(8).minusMinutes(1).toNanos());
            assertEquals(new Session("ada", false), cache.getIfPresent("ada"), "a read renews the 8 hours");
        }
    }

    /** A repository that loads customers one by one or in bulk, counting its calls. */
    static final class BulkRepository extends Repository {
        final List<Set<? extends Long>> bulks = new CopyOnWriteArrayList<>();

        Map<Long, Customer> loadAll(Set<? extends Long> ids) {
            bulks.add(Set.copyOf(ids));
            Map<Long, Customer> all = new HashMap<>();
            ids.forEach(id -> all.put(id, new Customer(id, "customer " + id)));
            return all;
        }
    }

    @Test
    void loading_cache() {
        BulkRepository repository = new BulkRepository();
        try (MemoryUtilities memory = MemoryUtilities.open()) {
            // tag::loading-cache[]
            CacheConfig<Long, Customer> config = CacheConfig.builder().name("customers").maximumSize(10_000)
                    .loader(new CacheLoader<Long, Customer>() {
                        public Customer load(Long id) { return repository.load(id); }
                        public Map<Long, Customer> loadAll(Set<? extends Long> ids) { return repository.loadAll(ids); } // optional
                    })
                    .refreshAfterWrite(Duration.ofMinutes(5))                   // optional; needs the loader
                    .build();
            try (Cache<Long, Customer> customers = memory.cache(config)) {
                Customer c = customers.get(42L);                                // loaded once per key, as get(key, fn)
                Map<Long, Customer> some = customers.getAll(List.of(1L, 2L, 3L)); // the absent keys in one loadAll
                customers.refresh(42L);                                         // reload now, in the background
                // end::loading-cache[]
                assertEquals(new Customer(42, "customer 42"), c);
                assertEquals(List.of(1L, 2L, 3L), List.copyOf(some.keySet()));
                assertEquals(List.of(Set.of(1L, 2L, 3L)), repository.bulks);
                // tag::loading-cache[]
            }
            // end::loading-cache[]
        }
    }

    @Test
    void policy() {
        try (MemoryUtilities memory = MemoryUtilities.open();
             Cache<Long, Customer> customers = memory.cache(CacheConfig.<Long, Customer>builder().maximumSize(100)
                     .policy(EvictionPolicy.lru()).build())) {
            for (long id = 0; id < 100; id++) {
                customers.put(id, new Customer(id, "customer " + id));
            }
            customers.getIfPresent(0L);   // now the most recently used
            // tag::policy[]
            CachePolicy<Long, Customer> policy = customers.policy().orElseThrow();
            SequencedMap<Long, Customer> nextToGo = policy.coldest(10);   // the next victims, in order
            SequencedMap<Long, Customer> safest = policy.hottest(10);     // the last ones, the very last first
            policy.setMaximum(policy.maximum() / 2);                      // a weight with a weigher
            // end::policy[]
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), List.copyOf(nextToGo.keySet()));
            assertEquals(List.of(0L, 99L, 98L, 97L, 96L, 95L, 94L, 93L, 92L, 91L), List.copyOf(safest.keySet()));
            assertEquals(50, policy.maximum());
            assertEquals(50, customers.size());
            assertEquals(new Customer(0, "customer 0"), customers.getIfPresent(0L));
        }
    }
}
