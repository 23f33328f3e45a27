package org.tensorshell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tensorshell.Torch.*;

import org.junit.jupiter.api.Test;
import org.tensorshell.core.TensorError;

/** Reductions, softmax and scans against values PyTorch 1.13 prints for the same inputs. */
class ReduceTest {
    private static final double NAN = Double.NaN;

    /** arange(24).reshape(2, 3, 4) as float32. */
    private static Tensor x24() { return arange(24.0).reshape(2, 3, 4); }

    private static void close(double[] expected, Tensor t, double rtol) {
        double[] got = t.toDoubleArray();
        assertEquals(expected.length, got.length, "numel");
        for (int i = 0; i < got.length; i++) {
            double e = expected[i], g = got[i];
            if (Double.isNaN(e)) assertTrue(Double.isNaN(g), "element " + i + ": expected nan, got " + g);
            else if (Double.isInfinite(e) || rtol == 0) assertEquals(e, g, "element " + i);
            else assertEquals(e, g, rtol * Math.max(1e-30, Math.abs(e)) + 1e-30, "element " + i);
        }
    }

    private static void shape(Tensor t, long... s) { assertArrayEquals(s, t.shape()); }

    private static String error(Runnable r) { return assertThrows(TensorError.class, r::run).getMessage(); }

    // ---------------------------------------------------------------- sum, mean, prod

    @Test
    void sumOverDimsAndKeepdim() {
        Tensor x = x24();
        close(new double[] {276}, x.sum(), 0);
        close(new double[] {60, 92, 124}, x.sum(new int[] {0, 2}, false), 0);
        shape(x.sum(new int[] {0, 2}, true), 1, 3, 1);
        shape(x.sum(-1), 2, 3);
        shape(x.sum(1, true), 2, 1, 4);
        close(new double[] {276}, x.sum(new int[0], false), 0); // empty dims = all, as in 1.13
        shape(x.sum(0, 1, 2), new long[0]);
        assertEquals(DType.FLOAT32, x.sum().dtype());
    }

    @Test
    void sumOfNonContiguousViews() {
        Tensor x = x24();
        close(new double[] {6, 54, 22, 70, 38, 86}, x.transpose(0, 2).sum(0), 0);
        close(new double[] {2, 10, 14, 22}, x.slice(1, 0, 3, 2).slice(2, 1, 4, 1).mean(2), 1e-7);
        close(new double[] {2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, ones(3, 4).expand(2, 3, 4).sum(0), 0);
        // a permutation whose reduced dims are not one strided run goes through a copy
        close(new double[] {60, 92, 124}, x.permute(2, 0, 1).sum(new int[] {0, 1}, false), 0);
    }

    @Test
    void columnSumsMatchRowSums() {
        // reduced dims outside a contiguous kept block take the column path; compare with the transposed row path
        Tensor x = arange(3.0 * 5 * 40).reshape(3, 5, 40).mul(0.37).sin();
        Tensor viaRows = x.permute(1, 2, 0).contiguous().sum(-1);
        close(viaRows.toDoubleArray(), x.sum(0), 1e-6);
        close(x.permute(2, 0, 1).contiguous().sum(new int[] {1, 2}, false).toDoubleArray(), x.sum(new int[] {0, 1}, false), 1e-6);
        close(x.permute(0, 2, 1).contiguous().sum(-1).toDoubleArray(), x.sum(1), 1e-6);
        shape(x.sum(1, true), 3, 1, 40);
        close(x.permute(0, 2, 1).contiguous().var(-1).toDoubleArray(), x.var(1), 1e-5);
        close(x.permute(1, 2, 0).contiguous().norm(2, -1, false).toDoubleArray(), x.norm(2, 0, false), 1e-6);
        close(x.permute(1, 2, 0).contiguous().mean(-1).toDoubleArray(), x.mean(0), 1e-6);
        Tensor xt = x.transpose(0, 1); // [5, 3, 40]: kept outer dim with a larger stride than the reduced one
        close(xt.contiguous().sum(1).toDoubleArray(), xt.sum(1), 1e-6);
        close(xt.contiguous().sum(0).toDoubleArray(), xt.sum(0), 1e-6);
        Tensor i = arange(0L, 3L * 40).reshape(3, 40);
        assertArrayEquals(i.t().contiguous().sum(1).toLongArray(), i.sum(0).toLongArray());
        Tensor d = x.toDouble();
        close(d.permute(1, 2, 0).contiguous().sum(-1).toDoubleArray(), d.sum(0), 1e-12);
    }

    @Test
    void sumDtypes() {
        Tensor i = tensor(new long[][] {{1, 2}, {3, 4}});
        assertEquals(DType.INT64, i.sum().dtype());
        assertEquals(10, i.sum().itemLong());
        assertEquals(DType.INT64, i.toInt().sum(0).dtype());
        Tensor b = tensor(true, false, true);
        assertEquals(DType.INT64, b.sum().dtype());
        assertEquals(2, b.sum().itemLong());
        assertEquals(DType.FLOAT64, x24().sum(DType.FLOAT64).dtype());
        assertEquals(DType.FLOAT32, i.sum(0, false, DType.FLOAT32).dtype());
        assertEquals(5, tensor(5.0).sum(DType.INT64).itemLong());
        assertEquals(Long.MAX_VALUE, tensor(Long.MAX_VALUE - 1, 1L).sum().itemLong());
    }

    @Test
    void float32SumsAccumulateInDouble() {
        // 2^24 + 1 + 1 + ... is lost entirely by a float accumulator
        int n = 1 << 20;
        Tensor x = ones(n).add(0.0);
        Tensor big = cat(tensor(new float[] {16777216f}), x);
        assertEquals(16777216.0 + n, big.sum().item(), 0);
        Tensor r = full(new long[] {3, 300000}, 0.1);
        close(new double[] {30000.000447034836, 30000.000447034836, 30000.000447034836}, r.sum(1), 1e-6);
        close(new double[] {0.1f}, r.mean(), 1e-6);
    }

    @Test
    void meanAndProd() {
        Tensor x = x24();
        close(new double[] {11.5}, x.mean(), 0);
        close(new double[] {1.5, 5.5, 9.5, 13.5, 17.5, 21.5}, x.mean(-1), 1e-7);
        assertEquals(DType.FLOAT32, tensor(new long[] {1, 2}).mean(new int[0], false, DType.FLOAT32).dtype());
        assertEquals(24, tensor(new long[][] {{1, 2}, {3, 4}}).prod().itemLong());
        assertEquals(DType.INT64, tensor(1, 2, 3).toInt().prod().dtype());
        assertEquals(0, tensor(true, false).prod().itemLong());
        close(new double[] {0, 0, 0, 0, 4, 20, 120, 840, 8, 72, 720, 7920}, x.cumprod(2).select(0, 0), 0);
        close(new double[] {3, 8}, tensor(new double[][] {{1, 2}, {3, 4}}).prod(0), 0);
        assertEquals(DType.FLOAT64, tensor(1, 2).prod(0, false, DType.FLOAT64).dtype());
    }

    @Test
    void meanOfIntegersIsAnError() {
        assertEquals("mean(): could not infer output dtype. Input dtype must be either a floating point or complex "
            + "dtype. Got: Long (input shape [2])", error(() -> tensor(1, 2).mean()));
        assertTrue(error(() -> tensor(1, 2).mean(new int[0], false, DType.INT64)).contains("Optional dtype"));
    }

    // ---------------------------------------------------------------- zero-size

    @Test
    void zeroSizeReductions() {
        Tensor e = zeros(0, 3);
        close(new double[] {0}, e.sum(), 0);
        close(new double[] {1}, e.prod(), 0);
        close(new double[] {NAN}, e.mean(), 0);
        close(new double[] {NAN, NAN, NAN}, e.mean(0), 0);
        shape(e.sum(1), 0);
        close(new double[] {NAN}, e.var(), 0);
        shape(e.std(1), 0);
        close(new double[] {0}, e.norm(), 0);
        close(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}, e.logsumexp(0), 0);
        assertArrayEquals(new boolean[] {true}, e.all().toBooleanArray());
        assertArrayEquals(new boolean[] {false}, e.any().toBooleanArray());
        assertArrayEquals(new boolean[] {true, true, true}, e.all(0).toBooleanArray());
        shape(e.amax(new int[] {1}, false), 0);
        shape(e.max(1).indices(), 0);
        shape(e.softmax(0), 0, 3);
        close(new double[] {0, 0}, zeros(0, 2).norm(Double.POSITIVE_INFINITY, 0, false), 0);
    }

    @Test
    void zeroSizeErrorsNameTheOp() {
        Tensor e = zeros(0, 3);
        assertEquals("max(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim "
            + "with the 'dim' argument. (input shape [0, 3])", error(e::max));
        assertTrue(error(e::min).startsWith("min(): Expected reduction dim to be specified"));
        assertTrue(error(e::amax).startsWith("amax(): Expected reduction dim to be specified"));
        assertEquals("max(): Expected reduction dim 0 to have non-zero size. (input shape [0, 3])", error(() -> e.max(0)));
        assertTrue(error(() -> e.amax(0)).startsWith("amax(): Expected reduction dim 0 to have non-zero size."));
        assertTrue(error(e::argmax).startsWith("argmax(): Expected reduction dim to be specified for input.numel() == 0."));
        assertTrue(error(() -> e.argmin(0)).startsWith("argmin(): Expected reduction dim 0 to have non-zero size."));
    }

    // ---------------------------------------------------------------- dims

    @Test
    void dimErrors() {
        Tensor f = tensor(new double[][] {{1, 2}, {3, 4}});
        assertEquals("sum: dimension out of range (expected to be in range of [-2, 1], but got 2)", error(() -> f.sum(2)));
        assertTrue(error(() -> f.max(-3)).contains("expected to be in range of [-2, 1], but got -3"));
        assertTrue(error(() -> f.sum(new int[] {0, -2}, false)).contains("dim 0 appears multiple times in the list of dims"));
        assertTrue(error(() -> tensor(3.0).sum(0).sum(1)).contains("[-1, 0]"));
    }

    @Test
    void zeroDimTensors() {
        Tensor s = tensor(new double[] {3}).reshape();
        shape(s.sum(0), new long[0]);
        assertEquals(3, s.max(0).values().item());
        assertEquals(0, s.max(0).indices().itemLong());
        assertEquals(0, s.argmax(0).itemLong());
        assertEquals(1, s.softmax(0).item());
        assertEquals(0, s.logSoftmax(-1).item());
        assertEquals(3, s.cumsum(0).item());
        assertTrue(Double.isNaN(s.var().item()));
        assertEquals(3, s.norm(2, 0, false).item());
    }

    // ---------------------------------------------------------------- max, min, arg

    @Test
    void maxWithIndices() {
        Tensor x = x24();
        ValuesIndices m = x.max(1);
        close(new double[] {8, 9, 10, 11, 20, 21, 22, 23}, m.values(), 0);
        assertArrayEquals(new long[] {2, 2, 2, 2, 2, 2, 2, 2}, m.indices().toLongArray());
        assertEquals(DType.INT64, m.indices().dtype());
        shape(x.max(1, true).values(), 2, 1, 4);
        ValuesIndices mi = x.toInt().min(-1);
        assertEquals(DType.INT32, mi.values().dtype());
        assertArrayEquals(new long[] {0, 4, 8, 12, 16, 20}, mi.values().toLongArray());
        close(new double[] {20, 21, 22, 23}, x.amax(0, 1), 0);
        close(new double[] {0, 4, 8, 12, 16, 20}, x.amin(-1), 0);
        assertEquals(23, x.max().item());
        ValuesIndices b = tensor(true, false).max(0);
        assertEquals(DType.BOOL, b.values().dtype());
        assertEquals(0, b.indices().itemLong());
        assertEquals(DType.BOOL, tensor(true, false).amax().dtype());
    }

    @Test
    void argTiesTakeTheFirstIndex() {
        Tensor t = tensor(new long[][] {{1, 5, 5}, {7, 7, 2}});
        assertArrayEquals(new long[] {1, 0}, t.argmax(1).toLongArray());
        assertArrayEquals(new long[] {0, 0, 1}, t.argmin(0).toLongArray());
        assertEquals(0, tensor(2.0, 2.0, 1.0).argmax().itemLong());
        // flattened index of the logical (not storage) order
        assertEquals(0, tensor(new double[][] {{3, 1}, {1, 3}}).t().argmax().itemLong());
        shape(x24().argmax(1, true), 2, 1, 4);
        assertTrue(error(() -> tensor(true, false).argmax()).contains("not implemented for 'Bool'"));
    }

    @Test
    void nanIsTheExtreme() {
        Tensor t = tensor(1.0, NAN, 3.0);
        assertTrue(Double.isNaN(t.max().item()));
        assertTrue(Double.isNaN(t.amin().item()));
        assertEquals(1, t.max(0).indices().itemLong());
        assertEquals(1, tensor(1.0, NAN, NAN).argmin().itemLong());
        assertEquals(1, t.argmax().itemLong());
        // NaN inside a full vector register, and in a long row split into blocks
        double[] values = new double[100000];
        for (int i = 0; i < values.length; i++) values[i] = i;
        values[77777] = NAN;
        Tensor big = tensor(values);
        assertTrue(Double.isNaN(big.amax().item()));
        assertEquals(77777, big.argmax().itemLong());
        assertEquals(77777, big.toDouble().argmin().itemLong());
        assertTrue(Double.isNaN(tensor(1.0, NAN).sum().item()));
    }

    @Test
    void longRowsAreSplitDeterministically() {
        Tensor big = arange(300000.0);
        assertEquals((float) (299999.0 * 300000 / 2), big.sum().item(), 0);
        assertEquals(299999.0 * 300000 / 2, big.toDouble().sum().item(), 0);
        assertEquals(299999, big.argmax().itemLong());
        assertEquals(299999, big.amax().item());
        assertEquals(0, big.argmin().itemLong());
        Tensor ib = arange(300000L);
        assertEquals(299999L * 300000 / 2, ib.sum().itemLong());
        assertEquals(299999, ib.max(0).indices().itemLong());
    }

    // ---------------------------------------------------------------- var, std, norm

    @Test
    void varStd() {
        Tensor x = x24();
        close(new double[] {16, 16, 16, 16, 16, 16, 16, 16}, x.var(1), 1e-6);
        close(new double[] {6.52467823, 6.52467823, 6.52467823}, x.std(new int[] {0, 2}, true, false), 1e-6);
        close(new double[] {1.4142135, 1.4142135}, tensor(new double[][] {{1, 2}, {3, 4}}).std(0, true, true), 1e-6);
        shape(tensor(new double[][] {{1, 2}, {3, 4}}).std(0, true, true), 1, 2);
        close(new double[] {1.25}, tensor(1.0, 2.0, 3.0, 4.0).var(false), 1e-7);
        close(new double[] {1.25}, tensor(1.0, 2.0, 3.0, 4.0).var(new int[] {0}, 0.0, false), 1e-7);
        assertTrue(Double.isNaN(tensor(1.0).var().item()));
        assertTrue(error(() -> tensor(1, 2).var()).startsWith("var: std and var only support floating point"));
        // shifted data: the two-pass variance keeps its precision
        close(new double[] {1.0 / 3}, tensor(new double[] {1e8 + 1, 1e8, 1e8 - 1, 1e8}, FLOAT64).var(false).mul(2.0 / 3), 1e-12);
    }

    @Test
    void norms() {
        Tensor v = tensor(3.0, -4.0);
        assertEquals(5, v.norm().item(), 1e-6);
        assertEquals(4, v.norm(Double.POSITIVE_INFINITY).item());
        assertEquals(3, v.norm(Double.NEGATIVE_INFINITY).item());
        assertEquals(2, v.norm(0).item());
        assertEquals(7, v.norm(1).item());
        assertEquals(4.4979, v.norm(3).item(), 1e-4);
        assertEquals(1.7143, v.norm(-1).item(), 1e-4);
        close(new double[] {8.32033539, 9.49122047, 10.69696331, 11.93717289, 24.00000191, 25.39170074, 26.78847313,
            28.18961716}, x24().norm(3, 1, false), 1e-5);
        assertTrue(error(() -> tensor(1, 2).norm()).startsWith("norm(): input dtype should be either floating point"));
    }

    // ---------------------------------------------------------------- logsumexp, softmax

    @Test
    void logsumexp() {
        close(new double[] {11.45866871, 23.45866966}, x24().logsumexp(new int[] {1, 2}, false), 1e-6);
        close(new double[] {3.1269, 4.1269}, tensor(new long[][] {{1, 2}, {3, 4}}).logsumexp(0), 1e-4);
        assertEquals(DType.FLOAT32, tensor(1, 2).logsumexp(0).dtype());
        assertEquals(Double.POSITIVE_INFINITY, tensor(Double.POSITIVE_INFINITY, 1).logsumexp(0).item());
        assertEquals(Double.NEGATIVE_INFINITY, tensor(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY).logsumexp(0).item());
        assertEquals(1000 + Math.log(2), tensor(1000.0, 1000.0).toDouble().logsumexp(0).item(), 1e-12);
        shape(x24().logsumexp(1, true), 2, 1, 4);
    }

    @Test
    void softmaxAndLogSoftmax() {
        Tensor x = x24();
        close(new double[] {3.29320435e-04, 3.29320435e-04, 3.29320435e-04, 3.29320435e-04, 1.79802869e-02, 1.79802869e-02,
            1.79802869e-02, 1.79802869e-02, 9.81690347e-01, 9.81690347e-01, 9.81690347e-01, 9.81690347e-01},
            x.softmax(1).select(0, 0), 1e-6);
        close(new double[] {-12.00000572, -12.00000572, -12.00000572, -12.00000572}, x.logSoftmax(0).select(0, 0).select(0, 0), 1e-6);
        // every row sums to one, for a contiguous last dim and a transposed input
        Tensor r = randn(37, 1003);
        for (double v : r.softmax(-1).sum(1).toDoubleArray()) assertEquals(1, v, 1e-5);
        Tensor st = r.t().softmax(0).t();
        close(r.softmax(1).toDoubleArray(), st, 1e-6);
        close(r.softmax(1).log().toDoubleArray(), r.logSoftmax(1), 1e-5);
        Tensor d = r.toDouble();
        close(d.exp().div(d.exp().sum(1, true)).toDoubleArray(), d.softmax(1), 1e-12);
        // large inputs do not overflow
        close(new double[] {0.5, 0.5}, tensor(1000.0, 1000.0).softmax(0), 1e-7);
        close(new double[] {NAN, NAN}, tensor(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY).softmax(0), 0);
        close(new double[] {NAN, NAN}, tensor(Double.POSITIVE_INFINITY, 1).softmax(0), 0);
        assertEquals(DType.FLOAT64, tensor(1, 2).softmax(0, DType.FLOAT64).dtype());
        assertTrue(error(() -> tensor(1, 2).softmax(0)).contains("\"softmax_kernel_impl\" not implemented for 'Long'"));
        assertTrue(error(() -> x.logSoftmax(3)).contains("expected to be in range of [-3, 2], but got 3"));
    }

    // ---------------------------------------------------------------- scans, all/any

    @Test
    void cumsum() {
        Tensor x = x24();
        close(new double[] {12, 13, 14, 15, 28, 30, 32, 34, 48, 51, 54, 57}, x.cumsum(1).select(0, 1), 0);
        close(new double[] {0, 1, 3, 6}, x.transpose(1, 2).cumsum(1).select(0, 0).select(1, 0), 0);
        assertEquals(DType.INT64, tensor(true, false, true).cumsum(0).dtype());
        assertArrayEquals(new long[] {1, 1, 2}, tensor(true, false, true).cumsum(0).toLongArray());
        assertEquals(DType.INT64, tensor(1, 2).toInt().cumsum(0).dtype());
        assertEquals(DType.FLOAT64, tensor(1, 2).cumsum(0, DType.FLOAT64).dtype());
        shape(zeros(0, 3).cumsum(0), 0, 3);
    }

    @Test
    void allAnyCount() {
        Tensor b = tensor(new boolean[][] {{true, false}, {true, true}});
        assertArrayEquals(new boolean[] {false, true}, b.all(1).toBooleanArray());
        assertArrayEquals(new boolean[] {true, true}, b.any(0).toBooleanArray());
        shape(b.all(1, true), 2, 1);
        assertEquals(DType.BOOL, tensor(1, 2).all().dtype());
        assertTrue(tensor(NAN, 1).all().toBooleanArray()[0]);
        assertEquals(3, b.countNonzero().itemLong());
        assertArrayEquals(new long[] {2, 1}, b.countNonzero(0).toLongArray());
        assertEquals(DType.INT64, b.countNonzero().dtype());
    }

    @Test
    void functionalForms() {
        Tensor x = x24();
        assertEquals(276, sum(x).item());
        assertEquals(23, Torch.max(x).item());
        close(x.softmax(1).toDoubleArray(), softmax(x, 1), 0);
        close(x.logSoftmax(1).toDoubleArray(), logSoftmax(x, 1), 0);
        close(x.maximum(x.neg()).toDoubleArray(), Torch.max(x, x.neg()), 0);
        assertEquals(2, Torch.max(x, 1).indices().toLongArray()[0]);
    }
}
