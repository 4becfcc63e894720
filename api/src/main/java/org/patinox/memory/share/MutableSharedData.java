package org.patinox.memory.share;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * State too large to copy on every change, shared between threads and reached only through
 * callbacks: {@link #read(Function)} hands the callback the state to read, {@link #write(Consumer)}
 * the state to change; no lock, guard or stamp ever escapes to the caller, so none can be leaked.
 *
 * <p>Implementations differ in what readers pay:
 * <ul>
 *   <li>{@code standard}: a read-write lock that does not starve writers (a reader arriving while a
 *       writer waits queues behind it). Readers wait while a write runs.</li>
 *   <li>{@code lockfree}: the left-right technique. It keeps <b>two copies</b> of the state, made by
 *       the factory given to {@link org.patinox.memory.MemoryUtilities#mutableShared}. Readers read
 *       the copy no writer is changing and never block nor retry; a write is applied to one copy,
 *       readers are switched to it, the writer waits for the readers still on the other copy, then
 *       applies the same write to that one.</li>
 * </ul>
 *
 * <p>Hence the contract of a write callback, the same for both: it may run once <b>per copy</b>,
 * each time on a state equal to the one before, and must change the state it is given
 * deterministically and only through that argument (no side effect outside it, no keeping a
 * reference to it). A read callback must not modify its argument nor keep a reference to it past
 * its return. Writes are serialized and each sees every earlier one.
 *
 * <p><b>Re-entry is an error, never a deadlock</b>: a callback that calls {@link #read}, {@link
 * #write} or {@link #writeAndGet} of the same instance on the same thread gets an {@link
 * IllegalStateException}, which propagates out of the outer call. Callbacks run on the calling
 * thread, and what they throw reaches the caller unchanged, a checked exception thrown undeclared
 * (as Kotlin, Scala or Lombok's {@code @SneakyThrows} do) too. A write callback that throws leaves
 * what it changed before throwing, as any in-place change would: the {@code lockfree}
 * implementation still applies it to the second copy, so that both copies hold the same partial
 * change, and throws only then.
 *
 * @param <T> the type of the state
 */
public interface MutableSharedData<T> {

    /** @return the name in events and stats */
    String name();

    /**
     * Runs the reader on the state.
     *
     * @param reader reads the state and returns what it needs from it (not the state itself)
     * @param <R> the type of the result
     * @return what the reader returned
     * @throws IllegalStateException when called from a callback of this instance on the same thread
     */
    <R> R read(Function<? super T, ? extends R> reader);

    /**
     * Applies the writer to the state; see the class description for why it may run twice.
     *
     * @param writer changes the state in place
     * @throws IllegalStateException when called from a callback of this instance on the same thread
     */
    void write(Consumer<? super T> writer);

    /**
     * Applies the writer to the state and returns its result (of the first application, when it runs
     * once per copy). Not an overload of {@link #write(Consumer)}: a lambda such as {@code s -> s.add(1)} fits
     * both a {@code Consumer} and a {@code Function}, and the call would be ambiguous.
     *
     * @param writer changes the state in place and returns a result
     * @param <R> the type of the result
     * @return what the writer returned
     * @throws IllegalStateException when called from a callback of this instance on the same thread
     */
    <R> R writeAndGet(Function<? super T, ? extends R> writer);

    /** @return the counts so far; reads only when {@link ShareConfig#recordReads()} asks for them */
    SharingStats stats();
}
