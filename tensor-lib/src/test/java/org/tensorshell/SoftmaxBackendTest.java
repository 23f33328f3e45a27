package org.tensorshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.tensorshell.core.Backend;
import org.tensorshell.core.Storage;

/**
 * Softmax's hand-over to a native backend ({@link Backend.SoftmaxRows}): the rows a backend declines, from the
 * call it declines on, are written by the Java kernel, so a result is whole whatever the backend takes.
 */
class SoftmaxBackendTest {
    /** Computes its rows in double, or declines every {@code declineEvery}-th call (0: never). */
    private static final class Fake implements Backend.SoftmaxRows {
        final AtomicInteger calls = new AtomicInteger(), declined = new AtomicInteger();
        final int declineEvery;

        Fake(int declineEvery) { this.declineEvery = declineEvery; }

        @Override public String name() { return "fake"; }

        @Override public int priority() { return 0; }

        @Override public String unavailableReason() { return null; }

        @Override
        public boolean softmax(Storage out, long outOffset, Storage in, long inOffset, int rows, int cols, boolean log) {
            int call = calls.incrementAndGet();
            if (declineEvery > 0 && call % declineEvery == 0) {
                declined.incrementAndGet();
                return false;
            }
            for (int r = 0; r < rows; r++) {
                int o = (int) outOffset + r * cols, i0 = (int) inOffset + r * cols;
                double m = Double.NEGATIVE_INFINITY, sum = 0;
                for (int i = 0; i < cols; i++) m = Math.max(m, in.getFloat(i0 + i));
                for (int i = 0; i < cols; i++) sum += Math.exp(in.getFloat(i0 + i) - m);
                for (int i = 0; i < cols; i++) {
                    double d = in.getFloat(i0 + i) - m;
                    out.setFloat(o + i, (float) (log ? d - Math.log(sum) : Math.exp(d) / sum));
                }
            }
            return true;
        }
    }

    private static float[] run(Tensor x, boolean log, Backend.SoftmaxRows fast) {
        Tensor out = Tensor.uninit(x.shape.clone(), x.dtype());
        Softmax.kernel(x, out, log, fast);
        return out.toFloatArray();
    }

    @Test
    void declinedRowsAreWrittenByTheJavaKernel() {
        Torch.manualSeed(1);
        Tensor x = Torch.randn(2000, 1000).mul(3);
        for (boolean log : new boolean[] {false, true}) {
            float[] java = run(x, log, null);
            Fake fake = new Fake(3);
            close(log, java, run(x, log, fake));
            assertTrue(fake.declined.get() > 0 && fake.calls.get() > fake.declined.get(), "the backend took some calls and declined some");
            Fake never = new Fake(1);
            // (not bit for bit: the JDK's vector exp can differ in the last bit before and after the JIT compiles it)
            close(log, java, run(x, log, never));
            assertTrue(never.calls.get() > 0);
        }
    }

    private static void close(boolean log, float[] want, float[] got) {
        for (int i = 0; i < want.length; i++) {
            if (!(Math.abs(got[i] - want[i]) <= 1e-6 * Math.max(1, Math.abs(want[i])))) {
                fail((log ? "log_softmax" : "softmax") + " at row " + i / 1000 + ": " + got[i] + ", Java kernel " + want[i]);
            }
        }
    }

    @Test
    void onlyFloat32GoesToTheBackend() {
        Fake fake = new Fake(0);
        Tensor x = Torch.randn(4, 5).to(DType.FLOAT64);
        Tensor out = Tensor.uninit(x.shape.clone(), x.dtype());
        Softmax.kernel(x, out, false, fake);
        assertEquals(0, fake.calls.get());
        assertEquals(4.0, out.sum().item(), 1e-12);
    }
}
