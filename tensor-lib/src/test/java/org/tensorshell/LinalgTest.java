package org.tensorshell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tensorshell.Torch.*;

import java.util.Arrays;
import java.util.Random;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorshell.core.TensorError;

/** Matrix products on the reference backend: PyTorch's shape rules, errors and values. */
class LinalgTest {

    private static long[] dims(String s) {
        s = s.trim();
        if (s.isEmpty()) return new long[0];
        return Arrays.stream(s.split("x")).mapToLong(Long::parseLong).toArray();
    }

    /** Result shapes, checked against PyTorch 1.13. */
    @ParameterizedTest(name = "{0} @ {1} -> {2}")
    @CsvSource({
        "3, 3, ''",
        "2x3, 3, 2",
        "3, 3x4, 4",
        "2x3, 3x4, 2x4",
        "5x2x3, 3, 5x2",
        "3, 5x3x2, 5x2",
        "5x2x3, 3x4, 5x2x4",
        "2x3, 5x3x4, 5x2x4",
        "5x1x2x3, 7x3x4, 5x7x2x4",
        "1x2x3, 4x3x5, 4x2x5",
        "6x1x2x3, 1x5x3x4, 6x5x2x4",
        "0x3, 3x4, 0x4",
        "2x0, 0x4, 2x4",
        "0x2x3, 3x4, 0x2x4",
        "0, 0, ''",
        "0x1x2x3, 5x3x4, 0x5x2x4",
        "1x2x3, 0x3x4, 0x2x4",
        "2x3x0, 0x4, 2x3x4",
        "2x3x0, 0, 2x3",
    })
    void matmulShapes(String a, String b, String out) {
        Tensor r = matmul(zeros(dims(a)), zeros(dims(b)));
        assertArrayEquals(dims(out), r.shape());
        assertEquals(FLOAT32, r.dtype());
        assertTrue(r.isContiguous());
        for (double v : r.toDoubleArray()) assertEquals(0.0, v);
    }

    private static void assertError(Runnable r, String... fragments) {
        TensorError e = assertThrows(TensorError.class, r::run);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
    }

    @Test
    void matmulErrors() {
        assertError(() -> matmul(zeros(2, 3), zeros(4, 5)), "matmul: [2, 3] @ [4, 5]: inner dimensions 3 and 4 differ");
        assertError(() -> matmul(zeros(3), zeros(4)), "matmul: [3] @ [4]: inner dimensions 3 and 4 differ");
        assertError(() -> matmul(zeros(5, 2, 3), zeros(4)), "inner dimensions 3 and 4 differ");
        assertError(() -> matmul(zeros(4), zeros(5, 3, 2)), "inner dimensions 4 and 3 differ");
        assertError(() -> matmul(zeros(), zeros(3)), "matmul: both arguments need to be at least 1-D", "0-D and 1-D");
        assertError(() -> matmul(zeros(5, 2, 2, 3), zeros(7, 3, 4)), "matmul: [5, 2, 2, 3] @ [7, 3, 4]",
            "batch dimensions [5, 2] and [7] cannot broadcast");
        assertError(() -> matmul(zeros(2, 3), zeros(new long[] {3, 4}, FLOAT64)),
            "matmul: expected scalar type Float but found Double");
        assertError(() -> matmul(zeros(new long[] {2, 3}, FLOAT64), zeros(3, 4)), "expected scalar type Double but found Float");
        assertError(() -> matmul(zeros(new long[] {2, 2, 3}, INT64), zeros(2, 3, 4)), "expected scalar type Long but found Float");
        assertError(() -> matmul(zeros(new long[] {2, 3}, BOOL), zeros(new long[] {3, 4}, BOOL)), "not implemented for 'Bool'");
    }

    @Test
    void mmBmmMvDotOuterErrors() {
        assertError(() -> mm(zeros(3), zeros(3, 4)), "mm: self must be a matrix (2-D), but got a 1-D tensor of shape [3]");
        assertError(() -> mm(zeros(2, 3), zeros(2, 3, 4)), "mm: mat2 must be a matrix (2-D)");
        assertError(() -> mm(zeros(2, 3), zeros(4, 5)), "mm: [2, 3] @ [4, 5]: inner dimensions 3 and 4 differ");
        assertError(() -> mm(zeros(2, 3), zeros(new long[] {3, 4}, FLOAT64)), "expected scalar type Float but found Double");
        assertError(() -> bmm(zeros(2, 3), zeros(2, 3, 4)), "bmm: batch1 must be a 3-D tensor");
        assertError(() -> bmm(zeros(2, 2, 3), zeros(3, 4)), "bmm: batch2 must be a 3-D tensor");
        assertError(() -> bmm(zeros(2, 2, 3), zeros(3, 3, 4)), "bmm: [2, 2, 3] @ [3, 3, 4]: batch sizes 2 and 3 differ");
        assertError(() -> bmm(zeros(2, 2, 3), zeros(2, 4, 4)), "inner dimensions 3 and 4 differ");
        assertError(() -> mv(zeros(3), zeros(3)), "mv: expected a matrix (2-D) and a vector (1-D)");
        assertError(() -> mv(zeros(2, 3), zeros(4)), "mv: [2, 3] @ [4]: inner dimensions 3 and 4 differ");
        assertError(() -> dot(zeros(3, 1), zeros(3)), "dot: 1D tensors expected, but got 2D and 1D tensors");
        assertError(() -> dot(zeros(3), zeros(4)), "dot: inconsistent tensor size");
        assertError(() -> dot(zeros(3), zeros(new long[] {3}, FLOAT64)),
            "dot: expected both vectors to have same dtype, but found Float and Double");
        assertError(() -> dot(zeros(new long[] {3}, BOOL), zeros(new long[] {3}, BOOL)), "not implemented for 'Bool'");
        assertError(() -> outer(zeros(3, 1), zeros(4)), "outer: self must be a vector (1-D), but got a 2-D tensor");
        assertError(() -> outer(zeros(), zeros(4)), "outer: self must be a vector (1-D)");
        assertError(() -> addmm(zeros(3), zeros(2, 3), zeros(3, 4)), "addmm: input of shape [3] cannot be broadcast to the product's shape [2, 4]");
        assertError(() -> addmm(zeros(1, 2, 4), zeros(2, 3), zeros(3, 4)), "addmm: input of shape [1, 2, 4]");
        assertError(() -> addmm(zeros(new long[] {4}, FLOAT64), zeros(2, 3), zeros(3, 4)), "addmm: input and the matrices must have the same dtype");
    }

    @Test
    void knownValues() {
        Tensor a = tensor(new float[][] {{1, 2}, {3, 4}}), b = tensor(new float[][] {{5, 6}, {7, 8}});
        assertArrayEquals(new float[] {19, 22, 43, 50}, a.matmul(b).toFloatArray());
        assertArrayEquals(new float[] {19, 22, 43, 50}, mm(a, b).toFloatArray());
        assertArrayEquals(new float[] {26, 30, 38, 44}, a.t().matmul(b).toFloatArray());
        assertArrayEquals(new float[] {17, 23, 39, 53}, a.matmul(b.t()).toFloatArray());
        assertArrayEquals(new float[] {23, 31, 34, 46}, a.t().matmul(b.t()).toFloatArray());
        Tensor v = tensor(1f, -1f);
        assertArrayEquals(new float[] {-1, -1}, a.matmul(v).toFloatArray());
        assertArrayEquals(new float[] {-1, -1}, a.mv(v).toFloatArray());
        assertArrayEquals(new float[] {-2, -2}, v.matmul(a).toFloatArray());
        Tensor d = tensor(1f, 2f, 3f).dot(tensor(4f, 5f, 6f));
        assertEquals(0, d.dim());
        assertEquals(32.0, d.item());
        assertEquals(32.0, matmul(tensor(1f, 2f, 3f), tensor(4f, 5f, 6f)).item());
        Tensor o = outer(tensor(1f, 2f), tensor(3f, 4f, 5f));
        assertArrayEquals(new long[] {2, 3}, o.shape());
        assertArrayEquals(new float[] {3, 4, 5, 6, 8, 10}, o.toFloatArray());
        assertEquals(FLOAT64, outer(tensor(1f, 2f), tensor(new double[] {3, 4}, FLOAT64)).dtype());
        assertEquals(FLOAT32, outer(tensor(1L, 2L), tensor(3f, 4f)).dtype());
        assertEquals(BOOL, outer(tensor(true, false), tensor(new boolean[] {true})).dtype());
    }

    @Test
    void integerProducts() {
        Tensor a = tensor(new long[][] {{1, 2}, {3, 4}}), b = tensor(new long[][] {{5, 6}, {7, 8}});
        Tensor r = a.matmul(b);
        assertEquals(INT64, r.dtype());
        assertArrayEquals(new long[] {19, 22, 43, 50}, r.toLongArray());
        Tensor ai = a.to(INT32), bi = b.to(INT32);
        assertEquals(INT32, ai.matmul(bi).dtype());
        assertArrayEquals(new long[] {19, 22, 43, 50}, ai.matmul(bi).toLongArray());
        assertEquals(INT64, tensor(1L, 2L).dot(tensor(3L, 4L)).dtype());
        assertEquals(11L, tensor(1L, 2L).dot(tensor(3L, 4L)).itemLong());
        assertArrayEquals(new long[] {2 * 7 + 3 * 19, 2 * 7 + 3 * 22, 2 * 7 + 3 * 43, 2 * 7 + 3 * 50},
            addmm(full(new long[] {2, 2}, 7L), a, b, 2, 3).toLongArray());
    }

    @Test
    void nanAndInfinityPropagateThroughZeros() {
        // 0 * inf = NaN and 0 * NaN = NaN: a product must not skip zero entries
        Tensor a = tensor(new float[][] {{0, 1}}), b = tensor(new float[][] {{Float.POSITIVE_INFINITY}, {1}});
        assertTrue(Float.isNaN(a.matmul(b).toFloatArray()[0]));
        assertTrue(Double.isNaN(tensor(0.0, 1.0).to(FLOAT64).dot(tensor(Double.NaN, 1.0).to(FLOAT64)).item()));
        Tensor big = zeros(20, 30).matmul(full(new long[] {30, 40}, Double.POSITIVE_INFINITY));
        for (float f : big.toFloatArray()) assertTrue(Float.isNaN(f));
    }

    @Test
    void zeroInnerDimensionGivesZerosAndAddmmScales() {
        assertArrayEquals(new float[6], matmul(ones(2, 0), ones(0, 3)).toFloatArray());
        assertEquals(0.0, dot(ones(0), ones(0)).item());
        Tensor r = addmm(full(new long[] {2, 3}, 2.0), ones(2, 0), ones(0, 3), 0.5, 1);
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, r.toFloatArray());
    }

    @Test
    void addmmAndBaddbmm() {
        Tensor a = tensor(new float[][] {{1, 2}, {3, 4}}), b = tensor(new float[][] {{5, 6}, {7, 8}});
        Tensor bias = tensor(1f, 10f);
        assertArrayEquals(new float[] {20, 32, 44, 60}, addmm(bias, a, b).toFloatArray());
        assertArrayEquals(new float[] {2 + 38, 20 + 44, 2 + 86, 20 + 100}, bias.addmm(a, b, 2, 2).toFloatArray());
        // beta 0 ignores the input, NaN included
        Tensor nan = full(new long[] {2, 2}, Double.NaN);
        assertArrayEquals(new float[] {19, 22, 43, 50}, addmm(nan, a, b, 0, 1).toFloatArray());
        Tensor ba = stack(a, b), bb = stack(b, a);
        Tensor r = baddbmm(ones(1, 2), ba, bb, 1, 1);
        assertArrayEquals(new long[] {2, 2, 2}, r.shape());
        assertArrayEquals(new float[] {20, 23, 44, 51, 24, 35, 32, 47}, r.toFloatArray());
    }

    @Test
    void outVariantsWriteIntoTheGivenTensor() {
        Tensor a = tensor(new float[][] {{1, 2}, {3, 4}}), b = tensor(new float[][] {{5, 6}, {7, 8}});
        Tensor out = full(new long[] {2, 2}, Double.NaN);
        int version = out.version();
        assertSame(out, matmul(a, b, out));
        assertArrayEquals(new float[] {19, 22, 43, 50}, out.toFloatArray());
        assertTrue(out.version() > version);
        Tensor outT = zeros(2, 2).t(); // not contiguous: computed aside, then copied in
        assertSame(outT, mm(a, b, outT));
        assertArrayEquals(new float[] {19, 22, 43, 50}, outT.toFloatArray());
        Tensor aliased = a.clone(); // the output is also an operand
        assertSame(aliased, matmul(aliased, b, aliased));
        assertArrayEquals(new float[] {19, 22, 43, 50}, aliased.toFloatArray());
        Tensor vec = zeros(2);
        matmul(a, tensor(1f, -1f), vec);
        assertArrayEquals(new float[] {-1, -1}, vec.toFloatArray());
        Tensor batch = zeros(3, 2, 2);
        matmul(stack(a, a, a), b, batch);
        assertArrayEquals(new float[] {19, 22, 43, 50, 19, 22, 43, 50, 19, 22, 43, 50}, batch.toFloatArray());
        Tensor wide = zeros(10);
        Tensor part = wide.narrow(0, 4, 4).view(2, 2); // contiguous, at an offset
        mm(a, b, part);
        assertArrayEquals(new float[] {0, 0, 0, 0, 19, 22, 43, 50, 0, 0}, wide.toFloatArray());
        assertError(() -> matmul(a, b, zeros(3, 3)), "matmul: out has shape [3, 3] but the result has shape [2, 2]");
        assertError(() -> mm(a, b, zeros(new long[] {2, 2}, FLOAT64)), "mm: expected out tensor to have dtype torch.float32, but got torch.float64");
    }

    // ---------------------------------------------------------------- random shapes against a naive oracle

    /** Naive matmul in double of PyTorch's semantics, from the operands' elements. */
    private static double[] naive(Tensor a, Tensor b, long[] outShape) {
        Tensor a2 = a.dim() == 1 ? a.unsqueeze(0) : a, b2 = b.dim() == 1 ? b.unsqueeze(1) : b;
        int n = (int) a2.size(-2), k = (int) a2.size(-1), p = (int) b2.size(-1);
        int nb = Math.max(a2.dim(), b2.dim()) - 2;
        long[] batch = new long[nb];
        for (int i = 0; i < nb; i++) {
            int ia = i - (nb - (a2.dim() - 2)), ib = i - (nb - (b2.dim() - 2));
            long sa = ia >= 0 ? a2.size(ia) : 1, sb = ib >= 0 ? b2.size(ib) : 1;
            batch[i] = Math.max(sa, sb);
        }
        long[] sa = Arrays.copyOf(batch, nb + 2), sb = Arrays.copyOf(batch, nb + 2);
        sa[nb] = n; sa[nb + 1] = k; sb[nb] = k; sb[nb + 1] = p;
        double[] x = a2.to(FLOAT64).expand(sa).contiguous().toDoubleArray();
        double[] y = b2.to(FLOAT64).expand(sb).contiguous().toDoubleArray();
        int count = 1;
        for (long s : batch) count *= (int) s;
        double[] out = new double[count * n * p];
        for (int q = 0; q < count; q++)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < p; j++) {
                    double acc = 0;
                    for (int l = 0; l < k; l++) acc += x[q * n * k + i * k + l] * y[q * k * p + l * p + j];
                    out[q * n * p + i * p + j] = acc;
                }
        long numel = 1;
        for (long s : outShape) numel *= s;
        assertEquals(numel, out.length);
        return out;
    }

    /** A tensor of the given logical shape whose layout is chosen by {@code layout}: plain, transposed, strided, offset. */
    private static Tensor shaped(Random rnd, long[] shape, DType dt, int layout) {
        int d = shape.length;
        switch (layout) {
            case 1 -> { // a transposed view of the last two dims
                if (d >= 2) {
                    long[] s = shape.clone();
                    s[d - 1] = shape[d - 2];
                    s[d - 2] = shape[d - 1];
                    return rand(rnd, s, dt).transpose(-1, -2);
                }
            }
            case 2 -> { // every other element of a wider tensor, at an offset
                long[] s = shape.clone();
                s[d - 1] = shape[d - 1] * 2 + 1;
                return rand(rnd, s, dt).slice(-1, 1, s[d - 1], 2);
            }
            case 3 -> { // rows taken from a taller tensor, at an offset (a row-major matrix with lda > cols)
                long[] s = shape.clone();
                s[d - 1] = shape[d - 1] + 3;
                return rand(rnd, s, dt).narrow(-1, 2, shape[d - 1]);
            }
            default -> { }
        }
        return rand(rnd, shape, dt);
    }

    private static Tensor rand(Random rnd, long[] shape, DType dt) {
        long n = 1;
        for (long s : shape) n *= s;
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = dt.isFloatingPoint() ? rnd.nextDouble() * 2 - 1 : rnd.nextInt(7) - 3;
        return tensor(v).to(dt).reshape(shape);
    }

    @Test
    void randomShapesAndLayoutsMatchNaiveProduct() {
        Random rnd = new Random(42);
        long[][][] cases = {
            {{3}, {3}}, {{4, 3}, {3}}, {{3}, {3, 5}}, {{4, 3}, {3, 5}}, {{2, 4, 3}, {3}}, {{3}, {2, 3, 5}},
            {{2, 4, 3}, {3, 5}}, {{4, 3}, {2, 3, 5}}, {{2, 1, 4, 3}, {3, 3, 5}}, {{1, 4, 3}, {2, 3, 5}},
            {{1, 7}, {7, 1}}, {{7, 1}, {1, 6}}, {{6, 1, 1}, {1, 5}}, {{33, 17}, {17, 40}}, {{3, 33, 17}, {3, 17, 1}},
            {{65, 70}, {70, 3}}, {{40, 9}, {9}}, {{9}, {9, 40}}, {{100, 130}, {130, 70}},
        };
        for (DType dt : new DType[] {FLOAT32, FLOAT64, INT64, INT32}) {
            for (long[][] c : cases) {
                // the largest case (off-heap storages) only in float, where it is quick
                if (c[0][0] == 100 && !dt.isFloatingPoint()) continue;
                int layouts = dt.isFloatingPoint() ? 4 : 2;
                for (int la = 0; la < layouts; la++) {
                    for (int lb = 0; lb < layouts; lb++) {
                        Tensor a = shaped(rnd, c[0], dt, la), b = shaped(rnd, c[1], dt, lb);
                        Tensor r = matmul(a, b);
                        assertEquals(dt, r.dtype());
                        double[] want = naive(a, b, r.shape());
                        double[] got = r.toDoubleArray();
                        double tol = dt == FLOAT32 ? 1e-4 : dt == FLOAT64 ? 1e-12 : 0;
                        for (int i = 0; i < want.length; i++) {
                            double w = want[i];
                            String msg = dt + " " + Arrays.toString(c[0]) + "/" + la + " @ " + Arrays.toString(c[1]) + "/" + lb + " at " + i;
                            assertEquals(w, got[i], tol * Math.max(1, Math.abs(w)) * Math.sqrt(a.size(-1)), msg);
                        }
                    }
                }
            }
        }
    }

    @Test
    void expandedOperandsAreReadWithoutMaterialising() {
        // a broadcast row (stride 0) cannot be a BLAS matrix: it is copied, with the same result
        Tensor row = tensor(1f, 2f, 3f).expand(4, 3);
        Tensor r = row.matmul(ones(3, 2));
        assertArrayEquals(new float[] {6, 6, 6, 6, 6, 6, 6, 6}, r.toFloatArray());
        Tensor vec = tensor(2f).expand(3);
        assertEquals(12.0, vec.dot(tensor(1f, 2f, 3f)).item());
    }

    @Test
    void manySmallMatricesRunInParallelWithTheSameResult() {
        Random rnd = new Random(7);
        Tensor a = rand(rnd, new long[] {300, 8, 5}, FLOAT64), b = rand(rnd, new long[] {300, 5, 6}, FLOAT64);
        Tensor r = bmm(a, b);
        double[] want = naive(a, b, r.shape());
        assertArrayEquals(want, r.toDoubleArray(), 1e-12);
        BinaryOperator<Tensor> viaMatmul = Tensor::matmul;
        assertArrayEquals(want, viaMatmul.apply(a, b).toDoubleArray(), 1e-12);
    }
}
