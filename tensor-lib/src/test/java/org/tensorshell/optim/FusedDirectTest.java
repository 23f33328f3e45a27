package org.tensorshell.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.DirectAdam;

/** Adam on off-heap storage itself gives the tile kernel's results bit for bit, odd lengths and offsets included. */
class FusedDirectTest {
    @Test
    void directAdamIsBitForBitTheTileKernel() {
        Assumptions.assumeTrue(DirectAdam.get() != null, "no direct kernels (JDK 21, or switched off)");
        Torch.manualSeed(9);
        for (int n : new int[] {16_387, 100_003}) {
            // views at an offset of 3 into larger storages, so the kernel starts off a vector boundary
            Tensor p = Torch.randn(n + 3).narrow(0, 3, n), g = Torch.randn(n + 3).mul(1e-3).narrow(0, 3, n);
            Tensor m = Torch.randn(n + 3).mul(1e-2).narrow(0, 3, n), v = Torch.rand(n + 3).mul(1e-4).narrow(0, 3, n);
            float[] pa = p.toFloatArray(), ga = g.toFloatArray(), ma = m.toFloatArray(), va = v.toFloatArray();
            float b1 = 0.9f, omb1 = 0.1f, b2 = 0.999f, omb2 = (float) (1 - 0.999), bc2 = (float) Math.sqrt(1 - Math.pow(0.999, 3));
            float eps = 1e-8f, neg = (float) (-1e-3 / (1 - Math.pow(0.9, 3)));
            Fused.adam(pa, ga, ma, va, n, b1, omb1, b2, omb2, bc2, eps, neg);
            assertTrue(Fused.adamDirect(p, g, m, v, b1, omb1, b2, omb2, bc2, eps, neg), "direct path declined off-heap operands");
            same("p", pa, p.toFloatArray());
            same("exp_avg", ma, m.toFloatArray());
            same("exp_avg_sq", va, v.toFloatArray());
        }
    }

    @Test
    void heapOperandsStayWithTheTileKernel() {
        Tensor small = Torch.randn(10);
        assertEquals(false, Fused.adamDirect(small, small.clone(), small.clone(), small.clone(), 0.9f, 0.1f, 0.999f, 0.001f, 1f, 1e-8f, -1e-3f));
    }

    private static void same(String what, float[] want, float[] got) {
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToIntBits(want[i]) != Float.floatToIntBits(got[i])) fail(what + " at " + i + ": " + got[i] + ", tile kernel " + want[i]);
        }
    }
}
