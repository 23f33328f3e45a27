package org.tensorshell.core;

import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Off-heap memory for large storages. A storage's buffer goes back to a size-keyed pool when the storage
 * becomes unreachable (a Cleaner), so a training loop reuses the same few buffers instead of mapping and
 * zeroing fresh pages on every op. The garbage collector cannot see off-heap bytes, so once
 * {@link #GC_NUDGE_BYTES} have been handed out (fresh or reused) a pool miss asks for a collection:
 * unreachable tensors are then returned and resident memory stays bounded, with no user-visible memory
 * manager.
 */
public final class OffHeap {
    private OffHeap() {}

    /**
     * Off-heap bytes handed out (fresh or from the pool) after which a pool miss requests a collection.
     * Counting reuse too means the pool is refilled as soon as it runs dry, instead of after another
     * full threshold of freshly faulted pages.
     */
    static final long GC_NUDGE_BYTES = 32L << 20;
    /**
     * For requests below {@link #AWAIT_COLLECTION_BYTES} the threshold grows (doubling, up to
     * {@link #POOL_LIMIT_BYTES}) while collections are asked for more often than every
     * {@link #NUDGE_INTERVAL_NANOS}, and shrinks back when they are rarer than ten times that: a training loop
     * that hands out a megabyte a step would otherwise ask for a concurrent collection every few milliseconds
     * (each with two pauses and a marking pass over the whole heap on the other core).
     */
    private static volatile long nudgeBytes = GC_NUDGE_BYTES;
    private static final long NUDGE_INTERVAL_NANOS = 100_000_000L;
    private static long lastNudgeNanos = System.nanoTime() - 10 * NUDGE_INTERVAL_NANOS;
    /** The most bytes the pool keeps for reuse. */
    static final long POOL_LIMIT_BYTES = Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 8);
    private static final int PAGE = 4096;

    private static final Cleaner CLEANER = Cleaner.create();
    private static final ConcurrentHashMap<Integer, ArrayDeque<ByteBuffer>> POOL = new ConcurrentHashMap<>();
    private static final AtomicLong pooledBytes = new AtomicLong();
    private static final AtomicLong sinceNudge = new AtomicLong();
    private static final AtomicLong liveBytes = new AtomicLong();
    /** Collections asked for by large requests (for tests). */
    private static final AtomicLong largeNudges = new AtomicLong();
    /** Buffers of each large size in existence, live or pooled (see {@link #freshLarge}). */
    private static final ConcurrentHashMap<Integer, AtomicInteger> LARGE_SUPPLY = new ConcurrentHashMap<>();
    /**
     * Collections for large requests closer together than this grow the supply of their size instead
     * ({@link #freshLarge}). A concurrent cycle takes a core for 10-15 ms, and a product on both cores waits for
     * the thread that lost it: a loop of 2048x2048 products collecting every fourth one (340 ms apart) ran that
     * one 12-15% slower, 3-4% on average. At a second apart the cost is about 1%.
     */
    private static final long LARGE_NUDGE_INTERVAL_NANOS = 1_000_000_000L;
    private static volatile long lastLargeNudgeNanos = System.nanoTime() - 10 * LARGE_NUDGE_INTERVAL_NANOS;

    /** Starts setting up huge-page buffers in the background (see {@link Huge}), so they are ready for the first large storages. */
    static void start() {
        Huge.start();
    }

    /** A native-order buffer of at least {@code bytes}, zeroed when asked, returned to the pool when {@code owner} dies. */
    static ByteBuffer allocate(Storage owner, int bytes, boolean zero) {
        int cap = (int) Math.min(Integer.MAX_VALUE, ((long) bytes + PAGE - 1) / PAGE * PAGE);
        sinceNudge.addAndGet(cap);
        int clearBytes = zero ? bytes : 0;
        ByteBuffer raw = take(cap);
        if (raw != null) {
            if (cap >= AWAIT_COLLECTION_BYTES) collectAhead(cap);
            raw = reused(raw, clearBytes);
        } else {
            raw = cap >= AWAIT_COLLECTION_BYTES ? freshLarge(cap, clearBytes) : fresh(cap, clearBytes);
        }
        liveBytes.addAndGet(cap);
        owner.cleanable = CLEANER.register(owner, new Release(raw, cap));
        return raw.duplicate().order(ByteOrder.nativeOrder()).limit(bytes).slice().order(ByteOrder.nativeOrder());
    }

    private static ByteBuffer take(int cap) {
        ArrayDeque<ByteBuffer> q = POOL.get(cap);
        if (q == null) return null;
        ByteBuffer b;
        synchronized (q) {
            b = q.pollFirst();
        }
        if (b != null) pooledBytes.addAndGet(-cap);
        return b;
    }

    /** A pooled buffer handed out again, cleared over {@code clearBytes} (fresh ones come zeroed). */
    private static ByteBuffer reused(ByteBuffer b, int clearBytes) {
        if (clearBytes > 0) clear(b, clearBytes);
        return b;
    }

    /** A new small buffer, or one the nudged collection returned (cleared over {@code clearBytes}). */
    private static ByteBuffer fresh(int cap, int clearBytes) {
        // a few requests' worth at least: each collection should find several buffers of this size to return
        if (sinceNudge.get() >= Math.max(nudgeBytes, 4L * cap)) {
            sinceNudge.set(0);
            adaptNudgeBytes();
            nudge();
            ByteBuffer b = take(cap);
            if (b != null) return reused(b, clearBytes);
        }
        return allocateDirect(cap);
    }

    /**
     * A large buffer ({@link #AWAIT_COLLECTION_BYTES} or more) when the pool has none of its size. Faulting in
     * megabytes of fresh pages (about 18 us a page here) costs more than a collection takes to hand back the
     * buffers of the tensors that died since the last one, so the request waits for one, bounded: the one
     * already running ({@link #collectAhead}), or one it asks for. Each collection disturbs the ops around it
     * for longer than it pauses them (a concurrent cycle takes a core for 5-15 ms), so while collections for
     * large requests come more often than every {@link #LARGE_NUDGE_INTERVAL_NANOS}, the size's supply grows
     * instead, by one fresh buffer a miss, up to what the pool may keep: a loop of 2048x2048 products (16 MB
     * outputs, 85 ms apart) then collects about once a second (every twelfth product) instead of every fifth.
     */
    private static ByteBuffer freshLarge(int cap, int clearBytes) {
        AtomicInteger supply = LARGE_SUPPLY.computeIfAbsent(cap, k -> new AtomicInteger());
        if (!supplyMayGrow(cap)) {
            Thread gc = NUDGING.get() ? nudger : null;
            if (gc == null && largeCollectionDue(cap)) {
                gc = nudgeForLarge();
            }
            ByteBuffer b = awaitPooled(cap, gc);
            if (b != null) return reused(b, clearBytes);
        }
        ByteBuffer b = allocateDirect(cap);
        supply.incrementAndGet();
        return b;
    }

    /**
     * A large request served by the pool's last buffer of its size asks for a collection now, without waiting
     * for it, once four requests' worth has been handed out since the last one: the buffers of the tensors that
     * died since then come back while the op runs, not while the next request waits. Not while the size's
     * supply may still grow ({@link #supplyMayGrow}): the next request then misses and adds a buffer. Collecting
     * ahead there too kept every request served, so the supply never grew past what the first misses made: a
     * loop of 2048x2048 products went on collecting every fifth one (a concurrent cycle each 425 ms).
     */
    private static void collectAhead(int cap) {
        ArrayDeque<ByteBuffer> q = POOL.get(cap);
        boolean last;
        synchronized (q) {
            last = q.isEmpty();
        }
        if (last && !NUDGING.get() && largeCollectionDue(cap) && !supplyMayGrow(cap)) {
            nudgeForLarge();
        }
    }

    /**
     * Whether a miss for {@code cap} bytes adds a fresh buffer to the size's supply instead of waiting for a
     * collection: the last collection for a large request was less than {@link #LARGE_NUDGE_INTERVAL_NANOS} ago,
     * and one more buffer of the size stays within what the pool may keep.
     */
    private static boolean supplyMayGrow(int cap) {
        AtomicInteger supply = LARGE_SUPPLY.get(cap);
        return supply != null && System.nanoTime() - lastLargeNudgeNanos < LARGE_NUDGE_INTERVAL_NANOS
            && (long) (supply.get() + 1) * cap <= POOL_LIMIT_BYTES;
    }

    /** Four large requests' worth (at least {@link #GC_NUDGE_BYTES}) handed out since the last collection. */
    private static boolean largeCollectionDue(int cap) {
        return sinceNudge.get() >= Math.max(GC_NUDGE_BYTES, 4L * cap);
    }

    private static Thread nudgeForLarge() {
        largeNudges.incrementAndGet();
        sinceNudge.set(0);
        lastLargeNudgeNanos = System.nanoTime();
        return nudge();
    }

    private static ByteBuffer allocateDirect(int cap) {
        ByteBuffer b = allocateWithin(cap);
        // Out of room: two rounds of collection, since a dead tensor's storage gives its buffer back at one
        // (and that may go into the pool), and a huge-page mapping no longer referenced is unmapped at the next.
        for (int round = 0; round < 2 && b == null; round++) {
            dropPool();
            System.gc();
            Huge.awaitRoom(cap, round == 0 ? 100 : 1000); // then the Cleaner's turn: short, then as long as the JDK waits
            b = allocateWithin(cap);
        }
        if (b != null) return b;
        throw new TensorError("storage: out of memory allocating " + cap + " bytes off-heap (" + liveBytes.get()
            + " bytes held by live tensors); free large tensors or raise -XX:MaxDirectMemorySize");
    }

    /**
     * A fresh zeroed buffer, on huge pages where they are set up and large enough, else a direct buffer; null
     * when neither fits under the off-heap limit (the JDK's for direct buffers, {@link Huge}'s for both).
     */
    private static ByteBuffer allocateWithin(int cap) {
        if (cap >= HUGE_PAGE_BYTES) {
            // the largest wait for the set-up if it is still running: it ends sooner than their faults would
            if (cap >= AWAIT_COLLECTION_BYTES) Huge.ready(Huge.SETUP_MILLIS);
            ByteBuffer b = Huge.allocate(cap);
            if (b != null) return b;
        }
        if (!Huge.leavesRoom(cap)) return null;
        try {
            return ByteBuffer.allocateDirect(cap);
        } catch (OutOfMemoryError e) {
            return null;
        }
    }

    /** What {@code HugePages} (src/main/java22) does: maps zeroed buffers on huge pages, and counts what it has mapped. */
    interface Mapper {
        /** A zeroed native-order buffer of {@code cap} bytes, or null where the mapping failed. */
        ByteBuffer map(int cap);

        /** Bytes mapped and not yet unmapped. */
        long mappedBytes();
    }

    /** Fresh buffers from this size on are mapped on huge pages where the JDK and the system allow ({@link Huge}). */
    static final int HUGE_PAGE_BYTES = 2 << 20;

    /**
     * Large buffers on transparent huge pages (the JDK 22+ class {@code HugePages}), unless the system has
     * them off or {@code -Dtensorshell.hugePages=false}. The JDK's limit on direct memory
     * ({@code -XX:MaxDirectMemorySize}, by default the heap's maximum) does not see these mappings, so they
     * count against it here, together with the direct buffers: a tensor too large for it gets the same
     * out-of-memory error as before, never pages the system cannot back.
     *
     * <p>Setting up the foreign calls and the management beans takes about 150 ms, so it runs on a
     * background thread, started with the first storage of any size; until it is done, requests of
     * {@link #AWAIT_COLLECTION_BYTES} or more wait for it, smaller ones get plain direct buffers.
     */
    private static final class Huge {
        private record Setup(Mapper mapper, long limit, java.lang.management.BufferPoolMXBean direct) {}

        private static volatile Setup setup;
        /** The longest a large request waits for the set-up (which takes about 150 ms). */
        static final long SETUP_MILLIS = 500;
        private static final Thread INIT;

        static {
            Thread t = null;
            if (!"false".equals(System.getProperty("tensorshell.hugePages")) && transparentHugePages()) {
                t = new Thread(Huge::init, "tensorshell-huge-pages");
                t.setDaemon(true);
                t.start();
            }
            INIT = t;
        }

        private static void init() {
            Mapper mapper = Java22.instance("HugePages", Mapper.class);
            if (mapper == null) return; // plain direct buffers
            try {
                var direct = java.lang.management.ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class)
                    .stream().filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
                String set = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption("MaxDirectMemorySize").getValue();
                long limit = Long.parseLong(set) > 0 ? Long.parseLong(set) : Runtime.getRuntime().maxMemory();
                setup = new Setup(mapper, limit, direct);
            } catch (LinkageError | RuntimeException e) {
                // no management beans: plain direct buffers, which the JDK's own limit covers
            }
        }

        /** Starts the set-up (by loading this class). */
        static void start() {}

        private static boolean transparentHugePages() {
            try {
                return !java.nio.file.Files.readString(java.nio.file.Path.of("/sys/kernel/mm/transparent_hugepage/enabled"))
                    .contains("[never]");
            } catch (java.io.IOException | RuntimeException e) {
                return false;
            }
        }

        /** Whether huge-page buffers are set up, waiting up to {@code millis} for the set-up to end. */
        static boolean ready(long millis) {
            if (INIT != null && setup == null) {
                try {
                    INIT.join(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return setup != null;
        }

        /** Bytes mapped for huge-page buffers and not yet unmapped. */
        static long mapped() {
            Setup s = setup;
            return s == null ? 0 : s.mapper().mappedBytes();
        }

        /** A fresh zeroed buffer on huge pages, or null (not set up, or no room left under the limit). */
        static ByteBuffer allocate(int cap) {
            Setup s = setup;
            // a mapping has room to align its start
            return s != null && fits(s, cap + (long) HUGE_PAGE_BYTES) ? s.mapper().map(cap) : null;
        }

        /** Whether a direct buffer of {@code cap} bytes stays under the limit with the huge-page buffers. */
        static boolean leavesRoom(int cap) {
            Setup s = setup;
            return s == null || s.mapper().mappedBytes() == 0 || fits(s, cap);
        }

        private static boolean fits(Setup s, long bytes) {
            return s.mapper().mappedBytes() + s.direct().getMemoryUsed() + bytes <= s.limit();
        }

        /** After a collection: waits up to {@code millis} for the Cleaner to unmap dead huge-page buffers. */
        static void awaitRoom(long bytes, long millis) {
            Setup s = setup;
            if (s == null || s.mapper().mappedBytes() == 0) return;
            long end = System.nanoTime() + millis * 1_000_000L;
            try {
                while (!fits(s, bytes) && System.nanoTime() < end) Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static synchronized void adaptNudgeBytes() {
        long now = System.nanoTime(), interval = now - lastNudgeNanos;
        lastNudgeNanos = now;
        if (interval < NUDGE_INTERVAL_NANOS) nudgeBytes = Math.min(Math.max(GC_NUDGE_BYTES, POOL_LIMIT_BYTES), 2 * nudgeBytes);
        else if (interval > 10 * NUDGE_INTERVAL_NANOS) nudgeBytes = Math.max(GC_NUDGE_BYTES, nudgeBytes / 2);
    }

    /**
     * Requests from this size on wait for a nudged collection before mapping fresh pages: a collection takes
     * about 10 ms here, faulting in 8 MiB of fresh pages about as long (larger requests, far longer).
     */
    static final int AWAIT_COLLECTION_BYTES = 8 << 20;
    /** The longest a request waits for a collection, and then for the Cleaner to return buffers. */
    private static final long AWAIT_GC_MILLIS = 250, AWAIT_CLEANER_NANOS = 5_000_000;

    private static final java.util.concurrent.atomic.AtomicBoolean NUDGING = new java.util.concurrent.atomic.AtomicBoolean();
    private static volatile Thread nudger;

    /**
     * A pooled buffer of {@code cap} bytes as soon as the collection {@code gc} has handed one back, or null.
     * Dead young tensors come back after the collection's first pause, long before a concurrent cycle (and so
     * System.gc()) ends: waiting for the whole cycle cost a large product about a tenth of its time.
     */
    private static ByteBuffer awaitPooled(int cap, Thread gc) {
        if (gc == null) return take(cap);
        try {
            long deadline = System.nanoTime() + AWAIT_GC_MILLIS * 1_000_000L;
            ByteBuffer b;
            while ((b = take(cap)) == null && gc.isAlive() && System.nanoTime() < deadline) Thread.sleep(0, 200_000);
            if (b != null || gc.isAlive()) return b;
            long end = System.nanoTime() + AWAIT_CLEANER_NANOS; // the collection is over: the Cleaner may still be at work
            while ((b = take(cap)) == null && System.nanoTime() < end) Thread.sleep(0, 200_000);
            return b;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the op's own interrupt check reports it
            return take(cap);
        }
    }

    /**
     * Asks for a collection on a background thread, so unreachable tensors return their buffers to the pool.
     * (System.gc() can block until a whole concurrent cycle ends; small requests do not wait for it.)
     * Returns the thread running the collection.
     */
    private static Thread nudge() {
        if (!NUDGING.compareAndSet(false, true)) return nudger;
        Thread t = new Thread(() -> {
            try {
                System.gc();
            } finally {
                NUDGING.set(false);
            }
        }, "tensorshell-gc-nudge");
        t.setDaemon(true);
        nudger = t;
        t.start();
        return t;
    }

    private static void clear(ByteBuffer b, int bytes) {
        // fill by doubling copies: memset speed without a native call
        ByteBuffer d = b.duplicate();
        int chunk = Math.min(bytes, 1 << 16);
        for (int i = 0; i < chunk; i++) d.put(i, (byte) 0);
        for (int done = chunk; done < bytes; ) {
            int n = Math.min(done, bytes - done);
            d.put(done, d, 0, n);
            done += n;
        }
    }

    /** Releases pooled buffers to the JDK (which frees them when they are collected). */
    static void dropPool() {
        for (var e : POOL.entrySet()) {
            ArrayDeque<ByteBuffer> q = e.getValue();
            synchronized (q) {
                while (q.pollLast() != null) {
                    pooledBytes.addAndGet(-e.getKey());
                    dropped(e.getKey());
                }
            }
        }
    }

    /** A buffer of {@code cap} bytes leaves the pool's reach (the JDK frees it once it is collected). */
    private static void dropped(int cap) {
        AtomicInteger supply = cap >= AWAIT_COLLECTION_BYTES ? LARGE_SUPPLY.get(cap) : null;
        if (supply != null) supply.decrementAndGet();
    }

    /** Bytes held by live storages off-heap. */
    public static long liveBytes() { return liveBytes.get(); }

    /** Collections asked for by large requests so far. */
    static long largeNudges() { return largeNudges.get(); }

    /** Waits (up to five seconds) for the collection asked for last to end. */
    static void awaitNudge() throws InterruptedException {
        Thread t = nudger;
        if (t != null) t.join(5000);
    }

    /** Bytes parked in the pool for reuse. */
    public static long pooledBytes() { return pooledBytes.get(); }

    /** Whether fresh large buffers go on huge pages in this JVM (waiting up to five seconds for their set-up). */
    static boolean hugePages() { return Huge.ready(5000); }

    /** Bytes mapped for huge-page buffers and not yet unmapped. */
    static long hugeMappedBytes() { return Huge.mapped(); }

    /** Drops pooled buffers of sizes other than {@code keep} until {@code bytes} are freed (or none are left). */
    private static void evictOtherThan(int keep, long bytes) {
        for (var e : POOL.entrySet()) {
            if (bytes <= 0) return;
            int size = e.getKey();
            if (size == keep) continue;
            ArrayDeque<ByteBuffer> q = e.getValue();
            synchronized (q) {
                while (bytes > 0 && q.pollLast() != null) {
                    pooledBytes.addAndGet(-size);
                    dropped(size);
                    bytes -= size;
                }
            }
        }
    }

    private record Release(ByteBuffer raw, int cap) implements Runnable {
        @Override
        public void run() {
            liveBytes.addAndGet(-cap);
            // the newest size is the likeliest to be asked for again: other sizes make room for it
            long over = pooledBytes.get() + cap - POOL_LIMIT_BYTES;
            if (over > 0 && cap <= POOL_LIMIT_BYTES) evictOtherThan(cap, over);
            if (pooledBytes.get() + cap > POOL_LIMIT_BYTES) {
                dropped(cap); // the JDK frees it once collected
                return;
            }
            pooledBytes.addAndGet(cap);
            ArrayDeque<ByteBuffer> q = POOL.computeIfAbsent(cap, k -> new ArrayDeque<>());
            synchronized (q) {
                q.addFirst(raw);
            }
        }
    }
}
