package org.patinox.memory.share;

/**
 * Counts of a {@link SharedData} or a {@link MutableSharedData} since it was made.
 *
 * @param reads calls of {@link SharedData#get()} or {@link MutableSharedData#read}, counted only when {@link
 *     ShareConfig#recordReads()} is on, otherwise 0
 * @param writes writes that took effect: {@link SharedData#set}, {@link SharedData#update}, {@link
 *     MutableSharedData#write}, {@link MutableSharedData#writeAndGet}
 * @param retries how many times an {@code update} function ran again because another write came in
 *     between; always 0 for {@link MutableSharedData}, whose writes never retry
 */
public record SharingStats(long reads, long writes, long retries) {

    /** Checks the counts. */
    public SharingStats {
        if (reads < 0 || writes < 0 || retries < 0) {
            throw new IllegalArgumentException("counts must be 0 or more: reads=" + reads + " writes=" + writes
                    + " retries=" + retries);
        }
    }
}
