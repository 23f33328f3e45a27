package org.tensorshell.core;

import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import org.tensorshell.DType;

/**
 * The pointwise engine (PyTorch's TensorIterator, small): walks an output and its inputs, all viewed at
 * the output's shape (broadcast inputs have stride 0), in tiles of up to {@link #TILE} elements. Each
 * tile of each input is gathered into a Java array of the compute type (float[], double[] or long[]),
 * the kernel runs on those arrays (vectorised where it matters), and the result tile is scattered into
 * the output with conversion to its dtype.
 *
 * <p>Dimensions that every operand walks contiguously are merged first, so contiguous and simply
 * broadcast operands move in bulk copies. Where every operand is then one contiguous run of off-heap
 * float32 memory, a float32 binary op runs on that memory itself, without tiles ({@link Direct}).
 */
public final class TileLoop {
    private TileLoop() {}

    public static final int TILE = 2048;

    /** One operand seen at the loop's shape. */
    public record Operand(Storage storage, int offset, int[] strides) {}

    /** A kernel over tiles: {@code tiles[0]} is the output, the rest are inputs, all of the compute type. */
    @FunctionalInterface
    public interface Kernel {
        void apply(Object[] tiles, int n);
    }

    /**
     * Float32 binary kernels that run on off-heap storage itself. For memory-bound ops on large tensors the
     * copies into and out of tiles were about half the time. The implementation needs the JDK's foreign
     * memory API (final in JDK 22): it is compiled for 22 (src/main/java22) and loaded only there; on JDK 21,
     * or with {@code -Dtensorshell.segmentKernels=false}, every op takes the tile path.
     */
    interface Direct {
        /** {@code out[i] = op(a[i], b[i])} for {@code n} floats from the given element offsets. */
        void binary(BinaryOp op, FloatBuffer out, long outOffset, FloatBuffer a, long aOffset, FloatBuffer b,
                    long bOffset, int n);
    }

    private static volatile Direct direct = loadDirect();

    private static Direct loadDirect() {
        if (!Boolean.parseBoolean(System.getProperty("tensorshell.segmentKernels", "true"))) return null;
        return Java22.instance("SegmentKernels", Direct.class); // without it the tile path computes the same
    }

    /** The direct kernels' Adam update, or null where they are not loaded. */
    static DirectAdam directAdam() {
        return direct instanceof DirectAdam a ? a : null;
    }

    /** Swaps the direct kernels (null: tiles only) and returns the previous ones; for tests. */
    static Direct useDirect(Direct d) {
        Direct old = direct;
        direct = d;
        return old;
    }

    /** Elements between interrupt checks on the direct path (the tile path checks about as often). */
    private static final int DIRECT_CHUNK = 1 << 20;

    /**
     * Runs {@code kernel} over every index of {@code shape}. {@code ops[0]} is written, the others read.
     * {@code cost} scales the grain: expensive kernels (exp, pow) go parallel earlier.
     */
    public static void run(int[] shape, Operand[] ops, DType compute, int cost, Kernel kernel) {
        long total = Shapes.numel(shape);
        if (total == 0) return;
        // Merge dimensions: drop size-1 dims, then join i and i+1 where every operand steps evenly.
        int nd = 0;
        int[] sh = new int[Math.max(1, shape.length)];
        int[][] st = new int[ops.length][Math.max(1, shape.length)];
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) continue;
            if (nd > 0 && mergeable(ops, st, nd - 1, d, shape[d])) {
                sh[nd - 1] *= shape[d];
                for (int o = 0; o < ops.length; o++) st[o][nd - 1] = ops[o].strides[d];
                continue;
            }
            sh[nd] = shape[d];
            for (int o = 0; o < ops.length; o++) st[o][nd] = ops[o].strides[d];
            nd++;
        }
        if (nd == 0) { // a single element
            sh[0] = 1;
            nd = 1;
        }
        final int ndim = nd;
        final int[] fsh = sh;
        int grain = Math.max(1, Parallel.GRAIN / Math.max(cost, 1));
        Direct d = direct;
        if (d != null && ndim == 1 && total >= TILE && kernel instanceof BinaryOp.F32Kernel k && k.op().hasDirectKernel()) {
            FloatBuffer[] bufs = contiguousF32(ops, st);
            if (bufs != null) {
                runDirect(d, k.op(), bufs, ops, (int) total, grain);
                return;
            }
        }
        if (ndim >= 2 && acrossLines(fsh, ndim, st, ops)) {
            int rows = fsh[ndim - 2], cols = fsh[ndim - 1];
            int rowBlocks = (rows + BLOCK - 1) / BLOCK;
            int units = (int) (total / ((long) rows * cols)) * rowBlocks;
            int unitGrain = (int) Math.max(1, grain / ((long) BLOCK * cols));
            boolean[] acrossOp = new boolean[ops.length];
            for (int o = 0; o < ops.length; o++) acrossOp[o] = across(st[o], ndim);
            Parallel.range(units, unitGrain, (start, end) -> walkBlocks(fsh, ndim, st, ops, acrossOp, compute, kernel, start, end, rowBlocks));
            return;
        }
        Parallel.range((int) total, grain, (start, end) -> walk(fsh, ndim, st, ops, compute, kernel, start, end));
    }

    /** Rows and columns of a block ({@link #walkBlocks}). */
    static final int BLOCK = 64;
    /**
     * Columns an operand read across lines is read in at a time, down a block's rows: lines a power-of-two stride
     * apart fall in one set of the L1 cache, which holds 8 of them (Zen 4; 12 on recent Intel cores).
     */
    static final int ACROSS_RUN = 8;

    /**
     * Whether walking row after row would read or write an operand across cache lines: it steps through memory
     * by a line or more along the last (merged) dimension, and by less down the one before (a transposed view,
     * say). Each element of it is then a line of its own, and at a power-of-two stride those lines evict each
     * other long before the next row comes back for the rest of them: {@code x.t().contiguous()} of 1024x1024
     * took 3.7 ms on one thread, PyTorch 0.6 ms. Only where no input shares the output's memory in another
     * layout, so the order elements are written in cannot matter (an in-place op copies an input that overlaps
     * its target first, see {@code Pointwise.unaliased}).
     */
    static boolean acrossLines(int[] sh, int nd, int[][] st, Operand[] ops) {
        if (sh[nd - 1] < BLOCK / 2 || sh[nd - 2] < BLOCK / 2) return false;
        boolean across = false;
        for (int o = 0; o < ops.length; o++) {
            across |= across(st[o], nd);
            if (o > 0 && ops[o].storage == ops[0].storage
                && (ops[o].offset != ops[0].offset || !java.util.Arrays.equals(st[o], st[0]))) return false;
        }
        return across;
    }

    private static boolean across(int[] strides, int nd) {
        long inner = Math.abs((long) strides[nd - 1]), outer = Math.abs((long) strides[nd - 2]);
        return inner >= LINE_ELEMENTS && outer < inner;
    }

    /** Elements of the narrowest type (4 bytes) in a 64-byte cache line. */
    private static final int LINE_ELEMENTS = 16;

    /**
     * Units {@code [start, end)} of (outer index, block of {@link #BLOCK} rows), each walked {@link #BLOCK}
     * columns at a time. An operand read across lines ({@link #across}) is first gathered into a block buffer,
     * {@link #ACROSS_RUN} columns down all the block's rows at a time, so each of its lines is fetched once for
     * all the rows it serves; an output written across lines is collected in one and scattered the same way.
     * The kernel then runs on whole rows of the block as before.
     */
    private static void walkBlocks(int[] sh, int nd, int[][] st, Operand[] ops, boolean[] acrossOp, DType compute,
                                   Kernel kernel, int start, int end, int rowBlocks) {
        int n = ops.length;
        int rows = sh[nd - 2], cols = sh[nd - 1];
        Tiles cache = TILES.get();
        Object[] tiles = cache.acquire(compute, n, BLOCK);
        Object[] blocks = cache.acquireBlocks(compute, n);
        for (int o = 0; o < n; o++) if (acrossOp[o] && blocks[o] == null) blocks[o] = newTile(compute, BLOCK * BLOCK);
        try {
            int[] base = new int[n];
            for (int u = start; u < end; u++) {
                int outer = u / rowBlocks, r0 = (u % rowBlocks) * BLOCK, nr = Math.min(rows - r0, BLOCK);
                for (int o = 0; o < n; o++) base[o] = ops[o].offset;
                for (int d = nd - 3, rem = outer; d >= 0; d--) {
                    int i = rem % sh[d];
                    rem /= sh[d];
                    for (int o = 0; o < n; o++) base[o] += i * st[o][d];
                }
                for (int c0 = 0; c0 < cols; c0 += BLOCK) {
                    int len = Math.min(BLOCK, cols - c0);
                    for (int o = 1; o < n; o++) {
                        if (acrossOp[o]) transferBlock(ops[o].storage, base[o] + r0 * st[o][nd - 2] + c0 * st[o][nd - 1],
                            st[o][nd - 2], st[o][nd - 1], blocks[o], nr, len, compute, true);
                    }
                    for (int r = 0; r < nr; r++) {
                        for (int o = 1; o < n; o++) {
                            if (acrossOp[o]) System.arraycopy(blocks[o], r * BLOCK, tiles[o], 0, len);
                            else read(ops[o].storage, base[o] + (r0 + r) * st[o][nd - 2] + c0 * st[o][nd - 1], st[o][nd - 1], tiles[o], len, compute);
                        }
                        kernel.apply(tiles, len);
                        if (acrossOp[0]) System.arraycopy(tiles[0], 0, blocks[0], r * BLOCK, len);
                        else write(ops[0].storage, base[0] + (r0 + r) * st[0][nd - 2] + c0 * st[0][nd - 1], st[0][nd - 1], tiles[0], len, compute);
                    }
                    if (acrossOp[0]) transferBlock(ops[0].storage, base[0] + r0 * st[0][nd - 2] + c0 * st[0][nd - 1],
                        st[0][nd - 2], st[0][nd - 1], blocks[0], nr, len, compute, false);
                }
                Parallel.checkInterrupt();
            }
        } finally {
            cache.release(tiles);
            cache.releaseBlocks(blocks);
        }
    }

    /**
     * Moves an {@code nr} x {@code len} block between storage (element (r, c) at {@code index + r * rowStride +
     * c * colStride}) and {@code block} (at {@code r * BLOCK + c}), {@link #ACROSS_RUN} columns down all rows at
     * a time: reading when {@code in}, else writing.
     */
    private static void transferBlock(Storage s, int index, int rowStride, int colStride, Object block, int nr, int len,
                                      DType compute, boolean in) {
        for (int c = 0; c < len; c += ACROSS_RUN) {
            int run = Math.min(ACROSS_RUN, len - c);
            for (int r = 0; r < nr; r++) {
                int at = index + r * rowStride + c * colStride, off = r * BLOCK + c;
                if (in) read(s, at, colStride, block, off, run, compute);
                else write(s, at, colStride, block, off, run, compute);
            }
        }
    }

    /** Each operand's off-heap floats when all are float32 storages off-heap, walked with stride 1; else null. */
    private static FloatBuffer[] contiguousF32(Operand[] ops, int[][] st) {
        FloatBuffer[] bufs = new FloatBuffer[ops.length];
        for (int o = 0; o < ops.length; o++) {
            if (st[o][0] != 1 || !(ops[o].storage instanceof F32Storage f) || !(f.directBuffer() instanceof FloatBuffer b)) {
                return null;
            }
            bufs[o] = b;
        }
        return bufs;
    }

    /**
     * Outputs of at least this many floats (32 MiB, as large as the last-level caches of the machines we
     * measure on) are written with streaming stores where a backend offers them ({@link Backend.Streaming}):
     * they would not stay in the cache anyway, and ordinary stores would first read every output line from
     * memory. {@code -Dtensorshell.streamMinFloats} changes it.
     */
    static final long STREAM_MIN_FLOATS = Long.getLong("tensorshell.streamMinFloats", 8L << 20);

    private static void runDirect(Direct d, BinaryOp op, FloatBuffer[] b, Operand[] ops, int total, int grain) {
        Backend.Streaming s = total >= STREAM_MIN_FLOATS ? Backends.streaming() : null;
        Parallel.range(total, grain, (start, end) -> {
            for (int pos = start; pos < end; pos += DIRECT_CHUNK) {
                int len = Math.min(DIRECT_CHUNK, end - pos);
                long oo = (long) ops[0].offset + pos, ao = (long) ops[1].offset + pos, bo = (long) ops[2].offset + pos;
                // the streaming kernels decline ops they lack and outputs that overlap an input
                if (s == null || !s.binary(op, b[0], oo, b[1], ao, b[2], bo, len)) d.binary(op, b[0], oo, b[1], ao, b[2], bo, len);
                if (len == DIRECT_CHUNK) Parallel.checkInterrupt();
            }
        });
        // a storage's Cleaner hands its memory to the next tensor: the storages stay reachable until here
        Reference.reachabilityFence(ops);
    }

    private static boolean mergeable(Operand[] ops, int[][] st, int prev, int d, int size) {
        for (int o = 0; o < ops.length; o++) {
            if (st[o][prev] != ops[o].strides[d] * size) return false;
        }
        return true;
    }

    private static void walk(int[] sh, int nd, int[][] st, Operand[] ops, DType compute, Kernel kernel,
                             int start, int end) {
        int n = ops.length;
        int inner = sh[nd - 1];
        int tile = Math.min(TILE, Math.min(end - start, inner));
        Tiles cache = TILES.get();
        Object[] tiles = cache.acquire(compute, n, tile);
        try {
            walkTiles(sh, nd, st, ops, compute, kernel, start, end, tiles, tile);
        } finally {
            cache.release(tiles);
        }
    }

    private static void walkTiles(int[] sh, int nd, int[][] st, Operand[] ops, DType compute, Kernel kernel,
                                  int start, int end, Object[] tiles, int tile) {
        int n = ops.length;
        int inner = sh[nd - 1];
        // Multi-index of 'start' over the outer dims, and each operand's offset there.
        int[] idx = new int[nd];
        int rem = start;
        for (int d = nd - 1; d >= 0; d--) {
            idx[d] = rem % sh[d];
            rem /= sh[d];
        }
        int[] base = new int[n];
        for (int o = 0; o < n; o++) {
            int b = ops[o].offset;
            for (int d = 0; d < nd - 1; d++) b += idx[d] * st[o][d];
            base[o] = b;
        }
        int col = idx[nd - 1];
        int pos = start;
        while (pos < end) {
            int len = Math.min(tile, Math.min(inner - col, end - pos));
            for (int o = 1; o < n; o++) {
                read(ops[o].storage, base[o] + col * st[o][nd - 1], st[o][nd - 1], tiles[o], len, compute);
            }
            kernel.apply(tiles, len);
            write(ops[0].storage, base[0] + col * st[0][nd - 1], st[0][nd - 1], tiles[0], len, compute);
            pos += len;
            col += len;
            if (col == inner && pos < end) {
                col = 0;
                for (int d = nd - 2; d >= 0; d--) {
                    idx[d]++;
                    for (int o = 0; o < n; o++) base[o] += st[o][d];
                    if (idx[d] < sh[d]) break;
                    for (int o = 0; o < n; o++) base[o] -= st[o][d] * sh[d];
                    idx[d] = 0;
                }
                if ((pos & 0xFFFFF) < len) Parallel.checkInterrupt();
            }
        }
    }

    private static final ThreadLocal<Tiles> TILES = ThreadLocal.withInitial(Tiles::new);

    /**
     * Each thread's tile arrays, reused from op to op: allocating them per call made tiles most of a
     * training step's heap garbage, and so most of its young collections. A nested use on the same
     * thread (a kernel that itself runs a loop) gets fresh arrays.
     */
    private static final class Tiles {
        private final Object[][] byCompute = new Object[3][];
        private Object[] busy;

        /** The tile array type a compute type uses: float, double or long. */
        private static int kind(DType compute) {
            return switch (compute) {
                case FLOAT32 -> 0;
                case FLOAT64 -> 1;
                case INT64, INT32, BOOL -> 2;
            };
        }

        Object[] acquire(DType compute, int n, int tile) {
            int k = kind(compute);
            Object[] set = byCompute[k];
            if (busy != null || tile > TILE) {
                Object[] fresh = new Object[n];
                for (int o = 0; o < n; o++) fresh[o] = newTile(compute, tile);
                return fresh;
            }
            if (set == null || set.length < n) {
                Object[] grown = new Object[Math.max(n, 4)];
                for (int o = 0; o < grown.length; o++) {
                    grown[o] = set != null && o < set.length ? set[o] : newTile(compute, TILE);
                }
                byCompute[k] = set = grown;
            }
            busy = set;
            return set;
        }

        void release(Object[] tiles) {
            if (tiles == busy) busy = null;
        }

        /** Block buffers of {@link #walkBlocks} by compute type, filled as operands need them; reused like the tiles. */
        private final Object[][] blocksByCompute = new Object[3][];
        private Object[] blocksBusy;

        Object[] acquireBlocks(DType compute, int n) {
            if (blocksBusy != null) return new Object[n];
            int k = kind(compute);
            Object[] set = blocksByCompute[k];
            if (set == null || set.length < n) {
                Object[] grown = new Object[Math.max(n, 4)];
                if (set != null) System.arraycopy(set, 0, grown, 0, set.length);
                blocksByCompute[k] = set = grown;
            }
            blocksBusy = set;
            return set;
        }

        void releaseBlocks(Object[] blocks) {
            if (blocks == blocksBusy) blocksBusy = null;
        }
    }

    public static Object newTile(DType compute, int n) {
        return switch (compute) {
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
            case INT64, INT32, BOOL -> new long[n];
        };
    }

    static void read(Storage s, int index, int stride, Object tile, int n, DType compute) {
        read(s, index, stride, tile, 0, n, compute);
    }

    /** Reads {@code n} elements into {@code tile} from {@code off} on. */
    static void read(Storage s, int index, int stride, Object tile, int off, int n, DType compute) {
        switch (compute) {
            case FLOAT32 -> s.readFloat(index, stride, (float[]) tile, off, n);
            case FLOAT64 -> s.readDouble(index, stride, (double[]) tile, off, n);
            case INT64, INT32, BOOL -> s.readLong(index, stride, (long[]) tile, off, n);
        }
    }

    static void write(Storage s, int index, int stride, Object tile, int n, DType compute) {
        write(s, index, stride, tile, 0, n, compute);
    }

    /** Writes {@code n} elements of {@code tile} from {@code off} on. */
    static void write(Storage s, int index, int stride, Object tile, int off, int n, DType compute) {
        switch (compute) {
            case FLOAT32 -> s.writeFloat(index, stride, (float[]) tile, off, n);
            case FLOAT64 -> s.writeDouble(index, stride, (double[]) tile, off, n);
            case INT64, INT32, BOOL -> s.writeLong(index, stride, (long[]) tile, off, n);
        }
    }
}
