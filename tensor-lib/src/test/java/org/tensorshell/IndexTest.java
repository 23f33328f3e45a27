package org.tensorshell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tensorshell.Torch.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorshell.core.TensorError;

class IndexTest {
    /** [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]] as float32. */
    static Tensor x34() { return arange(12).toFloat().reshape(3, 4); }

    static void check(Tensor t, long[] shape, double... values) {
        assertArrayEquals(shape, t.shape(), "shape");
        assertArrayEquals(values, t.toDoubleArray(), 0.0, "values");
    }

    static long[] s(long... shape) { return shape; }

    static void error(String expected, Runnable r) {
        TensorError e = assertThrows(TensorError.class, r::run);
        assertTrue(e.getMessage().contains(expected), () -> "message was: " + e.getMessage());
    }

    // ---------------------------------------------------------------- basic indexing

    @Test
    void integerIndexing() {
        Tensor x = x34();
        check(x.get(1), s(4), 4, 5, 6, 7);
        check(x.get(-1, -2), s(), 10);
        check(x.get(2).get(0), s(), 8);
        assertSame(x.untypedStorage(), x.get(1).untypedStorage());
        error("index 5 is out of bounds for dimension 1 with size 4", () -> x.get(0, 5));
        error("index -4 is out of bounds for dimension 0 with size 3", () -> x.get(-4));
        error("too many indices for tensor of dimension 2", () -> x.get(0, 0, 0));
    }

    @Test
    void sliceStrings() {
        Tensor x = x34();
        check(x.get("1:3, :, "), s(2, 4), 4, 5, 6, 7, 8, 9, 10, 11);
        check(x.get("..., -1"), s(3), 3, 7, 11);
        check(x.get("::2"), s(2, 4), 0, 1, 2, 3, 8, 9, 10, 11);
        check(x.get(":, 1::2"), s(3, 2), 1, 3, 5, 7, 9, 11);
        check(x.get("1:-1:2"), s(1, 4), 4, 5, 6, 7);
        check(x.get("-100:100, 0"), s(3), 0, 4, 8);
        check(x.get(":, None"), s(3, 1, 4), x.toDoubleArray());
        check(x.get("1:3, newaxis, ..., 0"), s(2, 1), 4, 8);
        check(x.get("..., ..."), s(3, 4), x.toDoubleArray());
        check(x.get("2:1"), s(0, 4));
        check(x.get(""), s(3, 4), x.toDoubleArray());
        check(x.get("1, 2"), s(), 6);
        error("step must be greater than zero", () -> x.get("::-1"));
        error("slice step cannot be zero", () -> x.get("0:2:0"));
        error("too many indices for tensor of dimension 2", () -> x.get("0, :, :"));
        error("cannot parse \"a\"", () -> x.get("a"));
    }

    @Test
    void severalEllipsesEachSkipTheUnindexedDims() {
        Tensor x = x34();
        check(x.get("..., 0, ..."), s(3), 0, 4, 8); // PyTorch's reading of it
        check(x.get("..., None, ..."), s(3, 4, 1), x.toDoubleArray());
        check(tensor(5.0).reshape().get("None"), s(1), 5);
    }

    @Test
    void slicesAreViewsThatWriteThrough() {
        Tensor x = x34();
        Tensor col = x.get(":, 1");
        col.fill_(-1);
        check(x.get(":, 1"), s(3), -1, -1, -1);
        int v = x.version();
        x.set("0, :", 7.0);
        check(x.get(0), s(4), 7, 7, 7, 7);
        assertTrue(x.version() > v);
        x.set("1:, 2:", tensor(new float[] {100, 200}));
        check(x, s(3, 4), 7, 7, 7, 7, 4, -1, 100, 200, 8, -1, 100, 200);
        x.set(new long[] {2, 0}, 42);
        assertEquals(42, x.get(2, 0).item());
    }

    @Test
    void setThroughANonContiguousView() {
        Tensor x = x34();
        Tensor t = x.t(); // [4, 3]
        t.set("1", tensor(new float[] {10, 20, 30}));
        check(x.get(":, 1"), s(3), 10, 20, 30);
        // a value with extra leading 1-dims is accepted, as in PyTorch
        x.set("0", ones(1, 1, 4));
        check(x.get(0), s(4), 1, 1, 1, 1);
        error("shape mismatch: value tensor of shape [2, 4]", () -> x.set("0", ones(2, 4)));
    }

    @Test
    void setCastsValuesToTheTargetDtype() {
        Tensor y = arange(3);
        y.set("0", 2.7);
        assertArrayEquals(new long[] {2, 1, 2}, y.toLongArray());
    }

    // ---------------------------------------------------------------- advanced indexing

    @Test
    void boolMaskSelectsACopy() {
        Tensor x = x34();
        Tensor m = x.gt(6.5);
        Tensor sel = x.get(m);
        check(sel, s(5), 7, 8, 9, 10, 11);
        sel.fill_(0);
        assertEquals(7, x.get(1, 3).item()); // a copy, not a view
        check(x.get(tensor(true, false, true)), s(2, 4), 0, 1, 2, 3, 8, 9, 10, 11);
        check(x.t().get(tensor(true, false, true, false)), s(2, 3), 0, 4, 8, 2, 6, 10);
        check(tensor(5.0).get(tensor(false).reshape()), s(0)); // tensor(5.0) is 0-dim; a False mask adds a dim of size 0
        check(tensor(5.0).get(tensor(true).reshape()), s(1), 5);
        error("The shape of the mask [2] at index 0 does not match the shape of the indexed tensor [3, 4] at index 0",
            () -> x.get(tensor(true, false)));
    }

    @Test
    void indexTensorSelectsAlongDim0() {
        Tensor x = x34();
        check(x.get(tensor(2L, 0L, -1L)), s(3, 4), 8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11);
        check(x.get(tensor(new long[][] {{0, 2}, {1, 1}})), s(2, 2, 4),
            0, 1, 2, 3, 8, 9, 10, 11, 4, 5, 6, 7, 4, 5, 6, 7);
        check(x.get(tensor(0L, 2L), tensor(1L, 3L)), s(2), 1, 11);
        check(x.get(arange(0)), s(0, 4));
        error("index 5 is out of bounds for dimension 0 with size 3", () -> x.get(tensor(0L, 5L)));
        error("tensors used as indices must be long, byte or bool tensors", () -> x.get(tensor(0L).toInt()));
        error("tensors used as indices must be long, byte or bool tensors", () -> x.get(tensor(0.0)));
        error("too many indices for tensor of dimension 0", () -> tensor(5.0).reshape().get(tensor(0L)));
        error("could not be broadcast together with shapes [2], [3]", () -> x.get(tensor(0L, 1L), tensor(0L, 1L, 2L)));
    }

    @Test
    void maskAndIndexPut() {
        Tensor x = x34();
        x.set(x.lt(3.0), -1);
        check(x.get(0), s(4), -1, -1, -1, 3);
        x.set(tensor(true, false, true), tensor(new float[] {5, 6, 7, 8}));
        check(x.get("::2").reshape(-1), s(8), 5, 6, 7, 8, 5, 6, 7, 8);
        x.set(tensor(1L, -1L), 0.5);
        check(x.get(1), s(4), 0.5, 0.5, 0.5, 0.5);
        error("shape mismatch: value tensor of shape [2] cannot be broadcast to indexing result of shape [2, 4]",
            () -> x.set(tensor(true, false, true), tensor(1.0, 2.0)));
        Tensor before = x.clone();
        error("index 7 is out of bounds", () -> x.set(tensor(0L, 7L), 9));
        assertArrayEquals(before.toDoubleArray(), x.toDoubleArray()); // nothing written
    }

    @Test
    void indexPutAccumulates() {
        Tensor x = zeros(3);
        x.indexPut_(new Tensor[] {tensor(0L, 0L, 2L)}, tensor(1.0, 2.0, 3.0), true);
        check(x, s(3), 3, 0, 3);
        x.indexPut_(new Tensor[] {tensor(1L)}, tensor(9.0));
        check(x, s(3), 3, 9, 3);
    }

    @Test
    void maskedWritesReachTheBaseThroughViews() {
        Tensor x = x34();
        Tensor v = x.get(":, 1:3"); // non-contiguous view
        v.set(v.gt(5.0), 0);
        check(x, s(3, 4), 0, 1, 2, 3, 4, 5, 0, 7, 8, 0, 0, 11);
    }

    @Test
    void maskedSelectBroadcasts() {
        Tensor x = x34();
        check(x.maskedSelect(tensor(true, false, true, false)), s(6), 0, 2, 4, 6, 8, 10);
        check(x.maskedSelect(tensor(true).reshape()), s(12), x.toDoubleArray());
        error("cannot broadcast", () -> x.maskedSelect(tensor(true, false)));
    }

    @Test
    void nonzero() {
        Tensor x = tensor(new double[][] {{0, 1.5}, {Double.NaN, 0}});
        Tensor nz = x.nonzero();
        assertEquals(DType.INT64, nz.dtype());
        assertArrayEquals(new long[] {2, 2}, nz.shape());
        assertArrayEquals(new long[] {0, 1, 1, 0}, nz.toLongArray());
        assertArrayEquals(new long[] {0, 0}, tensor(0.0).reshape().nonzero().shape());
        assertArrayEquals(new long[] {1, 0}, tensor(2.0).reshape().nonzero().shape());
        assertArrayEquals(new long[] {0, 2}, zeros(3, 0).nonzero().shape());
        List<Tensor> tup = x.nonzeroTuple();
        assertArrayEquals(new long[] {0, 1}, tup.get(0).toLongArray());
        assertArrayEquals(new long[] {1, 0}, tup.get(1).toLongArray());
        assertArrayEquals(new long[] {0}, Torch.where(tensor(2.0)).get(0).toLongArray());
        assertArrayEquals(new long[] {0}, Torch.where(tensor(0.0)).get(0).shape());
    }

    // ---------------------------------------------------------------- gather / scatter

    @Test
    void gather() {
        Tensor x = x34();
        check(x.gather(1, tensor(new long[][] {{0, 3}, {1, 1}})), s(2, 2), 0, 3, 5, 5);
        check(x.gather(0, tensor(new long[][] {{2, 0, 1, 2}})), s(1, 4), 8, 1, 6, 11);
        check(x.t().gather(0, tensor(new long[][] {{3, 0, 1}})), s(1, 3), 3, 4, 9);
        check(x.gather(1, zeros(new long[] {0, 2}, INT64)), s(0, 2));
        check(arange(3).gather(0, tensor(1L).reshape()), s(), 1);
        error("gather(): Expected dtype int64 for index", () -> x.gather(1, tensor(0L).toInt().reshape(1, 1)));
        error("Index tensor must have the same number of dimensions as input tensor", () -> x.gather(1, tensor(0L)));
        error("Size does not match at dimension 0 expected index [4, 1] to be smaller than self [3, 4] apart from dimension 1",
            () -> x.gather(1, zeros(new long[] {4, 1}, INT64)));
        error("index -1 is out of bounds for dimension 1 with size 4", () -> x.gather(1, tensor(new long[][] {{-1}})));
        error("dimension out of range", () -> x.gather(3, zeros(new long[] {3, 4}, INT64)));
    }

    @Test
    void scatter() {
        Tensor x = zeros(3, 4);
        Tensor r = x.scatter(1, tensor(new long[][] {{0, 3}, {2, 2}}), tensor(new float[][] {{1, 2}, {3, 4}}));
        check(r, s(3, 4), 1, 0, 0, 2, 0, 0, 4, 0, 0, 0, 0, 0);
        check(x, s(3, 4), new double[12]); // out of place
        check(arange(3).scatter(0, tensor(0L), 2.7), s(3), 2, 1, 2);
        x.scatter_(0, tensor(new long[][] {{2, 1, 0, 0}}), 5.0);
        check(x, s(3, 4), 0, 0, 5, 5, 0, 5, 0, 0, 5, 0, 0, 0);
        error("Expected index [1, 2] to be smaller than self [3, 4] apart from dimension 1 and to be smaller size than src [1, 1]",
            () -> x.scatter(1, tensor(new long[][] {{0, 1}}), ones(1, 1)));
        error("Expected self.dtype to be equal to src.dtype", () -> x.scatter(1, tensor(new long[][] {{0}}), ones(new long[] {1, 1}, FLOAT64)));
        error("scatter(): Expected dtype int64 for index", () -> x.scatter(1, tensor(new long[][] {{0}}).toInt(), 1.0));
        error("Index tensor must have the same number of dimensions as self tensor", () -> x.scatter(1, tensor(0L), 1.0));
        Tensor before = x.clone();
        error("index 5 is out of bounds for dimension 1 with size 4", () -> x.scatter_(1, tensor(new long[][] {{0, 5}}), 9.0));
        assertArrayEquals(before.toDoubleArray(), x.toDoubleArray());
    }

    @Test
    void scatterAddAccumulatesRepeats() {
        Tensor r = zeros(3).scatterAdd(0, tensor(0L, 0L, 2L), tensor(new float[] {1, 2, 3}));
        check(r, s(3), 3, 0, 3);
        Tensor y = arange(4).reshape(2, 2);
        y.scatterAdd_(1, tensor(new long[][] {{1, 1}, {0, 0}}), tensor(new long[][] {{10, 20}, {1, 1}}));
        assertArrayEquals(new long[] {0, 31, 4, 3}, y.toLongArray());
    }

    @Test
    void indexSelect() {
        Tensor x = x34();
        check(x.indexSelect(0, tensor(2L, 0L)), s(2, 4), 8, 9, 10, 11, 0, 1, 2, 3);
        check(x.indexSelect(1, tensor(3L, 3L, 0L).toInt()), s(3, 3), 3, 3, 0, 7, 7, 4, 11, 11, 8);
        check(x.t().indexSelect(1, tensor(1L)), s(4, 1), 4, 5, 6, 7);
        check(x.indexSelect(1, tensor(1L).reshape()), s(3, 1), 1, 5, 9);
        check(tensor(3.0).reshape().indexSelect(0, tensor(0L)), s(), 3);
        assertTrue(x.indexSelect(-1, tensor(1L, 2L)).isContiguous());
        error("index 5 is out of range in self", () -> x.indexSelect(0, tensor(5L)));
        error("index -1 is out of range in self", () -> x.indexSelect(0, tensor(-1L)));
        error("Index is supposed to be a vector", () -> x.indexSelect(0, tensor(new long[][] {{0}})));
        error("Expected dtype int32 or int64 for index", () -> x.indexSelect(0, tensor(0.0)));
    }

    @Test
    void indexAddAndFill() {
        Tensor x = zeros(3, 4);
        x.indexAdd_(1, tensor(0L, 0L), ones(3, 2), 2);
        check(x.get(":, 0"), s(3), 4, 4, 4);
        x.indexFill_(0, tensor(-1L), 9);
        check(x.get(2), s(4), 9, 9, 9, 9);
        error("Number of indices (1) should be equal to source.size(dim): (2)",
            () -> x.indexAdd_(0, tensor(0L), ones(2, 4)));
        error("must have the same scalar type", () -> x.indexAdd_(0, tensor(0L), ones(new long[] {1, 4}, FLOAT64)));
        error("index 5 is out of range in self", () -> x.indexAdd_(0, tensor(0L, 5L), ones(2, 4)));
        error("index 7 is out of bounds for dimension 0 with size 3", () -> x.indexFill_(0, tensor(7L), 1));
    }

    // ---------------------------------------------------------------- triangles, one-hot

    @Test
    void trilTriu() {
        Tensor x = x34();
        check(x.tril(1), s(3, 4), 0, 1, 0, 0, 4, 5, 6, 0, 8, 9, 10, 11);
        check(x.triu(-1), s(3, 4), 0, 1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11);
        check(x.tril(-10), s(3, 4), new double[12]);
        Tensor b = arange(4).reshape(2, 2).toBool().tril();
        assertEquals(DType.BOOL, b.dtype());
        assertArrayEquals(new boolean[] {false, false, true, true}, b.toBooleanArray());
        check(x.t().triu(), s(4, 3), 0, 4, 8, 0, 5, 9, 0, 0, 10, 0, 0, 0);
        Tensor y = x34();
        y.get("1:").tril_();
        check(y, s(3, 4), 0, 1, 2, 3, 4, 0, 0, 0, 8, 9, 0, 0);
        check(ones(2, 2, 2).triu(1), s(2, 2, 2), 0, 1, 0, 0, 0, 1, 0, 0);
        error("dimension out of range (expected to be in range of [-1, 0], but got -2)", () -> arange(5).tril());
        // wide rows take the copy-and-zero path; compare with the mask path on the same data
        Tensor wide = arange(2 * 5 * 70).reshape(2, 5, 70);
        for (long k : new long[] {-6, -1, 0, 2, 69, 80}) {
            Tensor lo = wide.tril(k), up = wide.triu(k);
            long[] a = wide.toLongArray(), l = lo.toLongArray(), u = up.toLongArray();
            for (int p = 0; p < a.length; p++) {
                int i = (p / 70) % 5, j = p % 70;
                assertEquals(j - i <= k ? a[p] : 0, l[p]);
                assertEquals(j - i >= k ? a[p] : 0, u[p]);
            }
        }
    }

    @Test
    void oneHot() {
        Tensor o = Torch.oneHot(tensor(new long[][] {{1, 0}, {2, 1}}));
        assertEquals(DType.INT64, o.dtype());
        assertArrayEquals(new long[] {2, 2, 3}, o.shape());
        assertArrayEquals(new long[] {0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0}, o.toLongArray());
        assertArrayEquals(new long[] {0, 1, 0}, Torch.oneHot(tensor(1L).reshape(), 3).toLongArray());
        assertArrayEquals(new long[] {0, 5}, Torch.oneHot(arange(0), 5).shape());
        error("Class values must be smaller than num_classes", () -> Torch.oneHot(tensor(0L, 5L), 3));
        error("Class values must be non-negative", () -> Torch.oneHot(tensor(-1L, 2L)));
        error("only applicable to index tensor", () -> Torch.oneHot(tensor(0.0, 2.0)));
        error("Can not infer total number of classes from empty tensor", () -> Torch.oneHot(arange(0)));
    }

    // ---------------------------------------------------------------- off-heap storage

    @Test
    void largeTensorsTakeTheBulkPaths() {
        int n = 40_000; // 160 KB: off-heap storage
        Tensor x = arange(n).toFloat().reshape(200, 200);
        Tensor picked = x.get(tensor(199L, 0L));
        assertEquals(199 * 200, picked.get(0, 0).item());
        Tensor m = x.get(x.ge(39_990.0));
        check(m, s(10), 39990, 39991, 39992, 39993, 39994, 39995, 39996, 39997, 39998, 39999);
        Tensor g = x.gather(1, full(new long[] {200, 1}, 3L));
        assertEquals(199 * 200 + 3, g.get(199, 0).item());
        Tensor sel = x.indexSelect(1, tensor(199L));
        assertEquals(200 * 200 - 1, sel.get(199, 0).item());
        x.set(x.lt(1.0), -5);
        assertEquals(-5, x.get(0, 0).item());
    }

    @Test
    void offHeapScatterAndPicks() {
        Tensor x = arange(40_000).toDouble(); // off-heap
        Tensor idx = arange(40_000).remainder(7.0).toLong();
        Tensor sums = zeros(new long[] {7}, FLOAT64).scatterAdd(0, idx, x);
        double total = 0;
        for (double v : sums.toDoubleArray()) total += v;
        assertEquals(39_999.0 * 40_000 / 2, total);
        Tensor big = zeros(new long[] {40_000}, FLOAT64).scatter(0, tensor(39_999L, 0L), tensor(1.5, 2.5).toDouble());
        assertEquals(1.5, big.get(-1).item());
        assertEquals(2.5, big.get(0).item());
        Tensor m = arange(40_000).reshape(200, 200);
        Tensor cols = m.indexSelect(1, arange(199, -1, -1)); // whole rows read in bulk, then picked
        assertArrayEquals(m.flip(1).toLongArray(), cols.toLongArray());
        Tensor y = arange(40_000).toFloat();
        y.set(y.ge(39_998.0), tensor(new float[] {-1, -2}));
        assertEquals(-2, y.get(-1).item());
        y.indexPut_(new Tensor[] {tensor(0L, 0L)}, tensor(new float[] {1, 2}), true);
        assertEquals(3, y.get(0).item());
    }
}
