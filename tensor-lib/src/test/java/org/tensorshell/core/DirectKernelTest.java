package org.tensorshell.core;

import static org.junit.jupiter.api.Assertions.*;
import static org.tensorshell.Torch.*;

import java.nio.FloatBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tensorshell.Tensor;

/**
 * The direct float32 kernels (on off-heap memory, JDK 22+) give bit for bit what the tile kernels give, for
 * every op they cover, at unaligned offsets, odd tails, several chunks and threads, in place; and operands
 * they cannot take (strided, broadcast, on the heap) still go through tiles.
 */
class DirectKernelTest {
    private TileLoop.Direct loaded;
    private final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void countCalls() {
        loaded = TileLoop.useDirect(null);
        Assumptions.assumeTrue(loaded != null, "no direct kernels on this JDK (" + Runtime.version() + ")");
        TileLoop.Direct inner = loaded;
        TileLoop.useDirect((op, out, oo, a, ao, b, bo, n) -> {
            calls.incrementAndGet();
            inner.binary(op, out, oo, a, ao, b, bo, n);
        });
    }

    @AfterEach
    void restore() {
        TileLoop.useDirect(loaded);
    }

    /** Values with the awkward cases: NaN, infinities, signed zeros, zeros as divisors, negatives for relu. */
    private static Tensor values(long n, int seed) {
        manualSeed(seed);
        Tensor t = randn(n);
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f, 1e-40f, -3f};
        for (int i = 0; i < special.length; i++) t.set(new long[] {i * 997 % n}, special[i]);
        return t;
    }

    private float[] both(java.util.function.Supplier<Tensor> op, boolean expectDirect) {
        int before = calls.get();
        float[] direct = op.get().toFloatArray();
        assertEquals(expectDirect, calls.get() > before, "direct kernels used");
        TileLoop.Direct d = TileLoop.useDirect(null);
        float[] tiles;
        try {
            tiles = op.get().toFloatArray();
        } finally {
            TileLoop.useDirect(d);
        }
        assertEquals(tiles.length, direct.length);
        for (int i = 0; i < tiles.length; i++) {
            if (Float.floatToIntBits(tiles[i]) != Float.floatToIntBits(direct[i])) {
                fail("element " + i + ": tiles " + tiles[i] + ", direct " + direct[i]);
            }
        }
        return direct;
    }

    @Test
    void everyOpAgreesWithTheTileKernels() {
        // off-heap from 16384 floats; 8 * 2^20 + 13 spans several chunks and both threads, with a tail
        for (long n : new long[] {16384, 16384 + 7, 8L * (1 << 20) + 13}) {
            // offsets 3 and 5: not a multiple of the vector width
            Tensor a = values(n + 3, 1).narrow(0, 3, n), b = values(n + 5, 2).narrow(0, 5, n);
            for (BinaryOperator<Tensor> op : java.util.List.<BinaryOperator<Tensor>>of(Tensor::add, Tensor::sub,
                    Tensor::mul, Tensor::div, Tensor::maximum, Tensor::minimum)) {
                both(() -> op.apply(a, b), true);
            }
        }
    }

    @Test
    void reluBackwardAgrees() {
        Tensor x = values(40_000, 3), g = values(40_000, 4);
        both(() -> {
            Tensor leaf = x.detach().requiresGrad_(true);
            leaf.relu().backward(g);
            return leaf.grad();
        }, true);
    }

    @Test
    void inPlaceThroughAViewWritesTheBase() {
        long n = 50_000;
        Tensor b = values(n, 6);
        float[] expected = both(() -> {
            Tensor base = values(n + 11, 5);
            base.narrow(0, 11, n).add_(b);
            return base;
        }, true);
        float[] a = values(n + 11, 5).toFloatArray(), bb = b.toFloatArray();
        for (int i = 0; i < n; i++) assertEquals(Float.floatToIntBits(a[i + 11] + bb[i]), Float.floatToIntBits(expected[i + 11]));
        for (int i = 0; i < 11; i++) assertEquals(Float.floatToIntBits(a[i]), Float.floatToIntBits(expected[i]));
        // an operand aliasing the output exactly
        both(() -> {
            Tensor t = values(n, 7);
            return t.mul_(t);
        }, true);
    }

    @Test
    void operandsTheDirectKernelsCannotTakeGoThroughTiles() {
        Tensor m = values(300 * 200, 8).reshape(300, 200);
        both(() -> m.add(m.mul(2)), true);                 // both contiguous
        both(() -> m.t().add(m.t()), false);              // transposed operands
        both(() -> m.add(values(200, 9)), false);         // broadcast row
        both(() -> values(1000, 10).add(values(1000, 11)), false); // on the heap
        both(() -> values(20_000, 12).to(org.tensorshell.DType.FLOAT64).add(values(20_000, 13)), false); // float64
    }

    @Test
    void segmentsAreBoundsChecked() {
        FloatBuffer small = java.nio.ByteBuffer.allocateDirect(64).order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
        assertThrows(IndexOutOfBoundsException.class,
            () -> loaded.binary(BinaryOp.ADD, small, 0, small, 0, small, 8, 16));
    }
}
