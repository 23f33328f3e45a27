package org.tensorshell;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Sums over views whose reduced dims lie outside their kept ones in memory (a transposed view's last dim) run
 * as the column sums they are in memory: same values as on a contiguous copy, within float rounding, and as
 * the plain column sum of the base exactly.
 */
class ReduceLayoutTest {
    private static Tensor values(int... shape) {
        Torch.manualSeed(7);
        return Torch.randn(java.util.Arrays.stream(shape).asLongStream().toArray());
    }

    private static void assertClose(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape());
        float[] e = expected.toFloatArray(), a = actual.toFloatArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-5 * Math.max(1, Math.abs(e[i])), "element " + i);
        }
    }

    @Test
    void sumOverATransposedViewsLastDimIsTheBasesColumnSum() {
        Tensor x = values(300, 70);
        assertArrayEquals(x.sum(0).toFloatArray(), x.t().sum(1).toFloatArray());
        assertClose(x.t().contiguous().sum(1), x.t().sum(1));
        assertClose(x.t().contiguous().sum(new int[] {1}, true), x.t().sum(new int[] {1}, true));
        assertClose(x.t().contiguous().mean(1), x.t().mean(1));
        assertClose(x.t().contiguous().var(1), x.t().var(1));
        assertClose(x.t().contiguous().norm(), x.t().norm());
    }

    @Test
    void permutedBatchesKeepTheirOutputOrder() {
        Tensor z = values(4, 30, 50);
        Tensor p = z.permute(1, 0, 2); // [30, 4, 50]: the reduced dim 1 is outermost in memory
        assertClose(p.contiguous().sum(1), p.sum(1));
        assertClose(p.contiguous().sum(new int[] {1}, true), p.sum(new int[] {1}, true));
        // kept dims that memory order would swap: the row path, same values
        Tensor q = z.permute(2, 1, 0); // [50, 30, 4]
        assertClose(q.contiguous().sum(1), q.sum(1));
        assertClose(q.contiguous().sum(new int[] {0, 1}), q.sum(new int[] {0, 1}));
        // two reduced dims, both outside the kept one
        Tensor r = z.permute(2, 0, 1); // [50, 4, 30]
        assertClose(r.contiguous().sum(new int[] {1, 2}), r.sum(new int[] {1, 2}));
        assertClose(r.contiguous().sum(0), r.sum(0));
    }

    @Test
    void integerAndDoubleSums() {
        Tensor x = values(200, 40).mul(100);
        Tensor l = x.to(DType.INT64);
        assertArrayEquals(l.t().contiguous().sum(1).toLongArray(), l.t().sum(1).toLongArray());
        Tensor d = x.to(DType.FLOAT64);
        double[] e = d.t().contiguous().sum(1).toDoubleArray(), a = d.t().sum(1).toDoubleArray();
        for (int i = 0; i < e.length; i++) assertEquals(e[i], a[i], 1e-9 * Math.max(1, Math.abs(e[i])));
    }

    @Test
    void gradientsFlowThroughTheTransposedSum() {
        Tensor x = values(64, 32).requiresGrad_(true);
        x.t().sum(1).mul(Torch.arange(32f)).sum().backward();
        Tensor expect = Torch.arange(32f).expand(64, 32);
        assertArrayEquals(expect.toFloatArray(), x.grad().toFloatArray());
    }
}
