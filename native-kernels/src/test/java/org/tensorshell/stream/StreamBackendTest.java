package org.tensorshell.stream;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.Backends;
import org.tensorshell.core.BinaryOp;

/**
 * The streaming-store kernels give bit for bit what Java's float arithmetic gives (special values, odd
 * offsets and lengths included), decline what they must not do, and large out-of-place float32 ops use them.
 * Skipped where the jar was built without a C compiler; where the library is in the jar it must load.
 */
class StreamBackendTest {
    private final StreamBackend backend = new StreamBackend();

    @BeforeEach
    void libraryBuilt() {
        boolean built = StreamBackend.class.getResource("linux-x86_64/libtsstream.so") != null;
        Assumptions.assumeTrue(built, "libtsstream was not built (no C compiler at build time)");
        assertNull(backend.unavailableReason(), "libtsstream is in the jar but does not load");
    }

    private static FloatBuffer buffer(int n) {
        return ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static float apply(BinaryOp op, float a, float b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            default -> throw new AssertionError(op);
        };
    }

    private static final float[] SPECIAL = {0f, -0f, 1f, -1f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-39f, 3.4e38f};

    @Test
    void bitForBitAsJavaArithmetic() {
        Random rnd = new Random(7);
        int cap = 100_050;
        FloatBuffer a = buffer(cap), b = buffer(cap), out = buffer(cap);
        for (int i = 0; i < cap; i++) {
            a.put(i, i % 7 == 0 ? SPECIAL[rnd.nextInt(SPECIAL.length)] : (float) rnd.nextGaussian() * 100);
            b.put(i, i % 5 == 0 ? SPECIAL[rnd.nextInt(SPECIAL.length)] : (float) rnd.nextGaussian());
        }
        for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV}) {
            for (int n : new int[] {1, 3, 15, 16, 17, 63, 1000, 100_003}) {
                for (int[] off : new int[][] {{0, 0, 0}, {1, 0, 0}, {3, 2, 1}, {2, 5, 7}}) {
                    if (n + 7 > cap) continue;
                    for (int i = 0; i < cap; i++) out.put(i, -12345f);
                    assertTrue(backend.binary(op, out, off[0], a, off[1], b, off[2], n), op + " declined");
                    for (int i = 0; i < n; i++) {
                        float want = apply(op, a.get(off[1] + i), b.get(off[2] + i)), got = out.get(off[0] + i);
                        if (Float.floatToIntBits(want) != Float.floatToIntBits(got)) {
                            fail(op + " n=" + n + " offsets " + java.util.Arrays.toString(off) + " at " + i + ": "
                                + a.get(off[1] + i) + ", " + b.get(off[2] + i) + " -> " + got + ", want " + want);
                        }
                    }
                    // nothing written outside the n outputs
                    if (off[0] > 0) assertEquals(-12345f, out.get(off[0] - 1));
                    assertEquals(-12345f, out.get(off[0] + n));
                }
            }
        }
    }

    @Test
    void declinesWhatItHasNoKernelForAndOverlaps() {
        FloatBuffer a = buffer(64), b = buffer(64), out = buffer(64);
        assertFalse(backend.binary(BinaryOp.MAXIMUM, out, 0, a, 0, b, 0, 64));
        assertFalse(backend.binary(BinaryOp.ADD, a, 1, a, 0, b, 0, 32), "output overlapping an input");
        assertFalse(backend.binary(BinaryOp.ADD, out, 0, a, 0, out, 8, 16), "output overlapping an input");
        FloatBuffer heap = FloatBuffer.allocate(64);
        assertFalse(backend.binary(BinaryOp.ADD, heap, 0, a, 0, b, 0, 64), "heap buffer");
    }

    @Test
    void largeOutOfPlaceOpsStreamAndInPlaceOnesDoNot() {
        assertSame(backend.getClass(), Backends.streaming().getClass());
        int n = (8 << 20) + 5; // at the threshold (32 MiB of output), with a tail
        Torch.manualSeed(3);
        Tensor x = Torch.randn(n), y = Torch.randn(n);
        long before = StreamBackend.calls();
        Tensor z = x.add(y);
        assertTrue(StreamBackend.calls() > before, "a " + n + "-float add did not stream");
        float[] xs = x.toFloatArray(), ys = y.toFloatArray(), zs = z.toFloatArray();
        for (int i = 0; i < n; i++) {
            if (zs[i] != xs[i] + ys[i]) fail("add at " + i + ": " + zs[i] + " != " + xs[i] + " + " + ys[i]);
        }
        long afterAdd = StreamBackend.calls();
        x.mul_(y); // in place: the output is an input, so the Java kernel writes it
        assertEquals(afterAdd, StreamBackend.calls());
        float[] prod = x.toFloatArray();
        for (int i = 0; i < n; i += 9973) assertEquals(xs[i] * ys[i], prod[i]);
        Tensor small = Torch.randn(1000).add(Torch.randn(1000));
        assertEquals(afterAdd, StreamBackend.calls(), "small outputs stay with the Java kernels");
        assertEquals(1000, small.numel());
    }
}
