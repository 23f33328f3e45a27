package org.tensorshell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tensorshell.IndexTest.check;
import static org.tensorshell.IndexTest.error;
import static org.tensorshell.IndexTest.s;
import static org.tensorshell.Torch.*;

import org.junit.jupiter.api.Test;

class SortingTest {
    static final double NAN = Double.NaN;

    @Test
    void sortIsStableWithNaNLargest() {
        ValuesIndices r = tensor(3.0, NAN, 1.0, NAN, -0.0, 0.0).sort();
        check(r.values(), s(6), -0.0, 0.0, 1, 3, NAN, NAN);
        assertArrayEquals(new long[] {4, 5, 2, 0, 1, 3}, r.indices().toLongArray());
        assertEquals(DType.INT64, r.indices().dtype());
        ValuesIndices d = tensor(3.0, NAN, 1.0, NAN, 0.0, -0.0).sort(0, true);
        check(d.values(), s(6), NAN, NAN, 3, 1, 0, -0.0);
        assertArrayEquals(new long[] {1, 3, 0, 2, 4, 5}, d.indices().toLongArray());
    }

    @Test
    void sortAlongAnyDimAndNonContiguous() {
        Tensor x = tensor(new long[][] {{3, 1, 2}, {0, 5, 4}});
        ValuesIndices r0 = x.sort(0);
        assertArrayEquals(new long[] {0, 1, 2, 3, 5, 4}, r0.values().toLongArray());
        assertArrayEquals(new long[] {1, 0, 0, 0, 1, 1}, r0.indices().toLongArray());
        ValuesIndices r1 = x.t().sort(-1, true); // [3, 2] non-contiguous
        assertArrayEquals(new long[] {3, 0, 5, 1, 4, 2}, r1.values().toLongArray());
        assertArrayEquals(new long[] {0, 1, 1, 0, 1, 0}, r1.indices().toLongArray());
        assertArrayEquals(new long[] {1, 2, 0, 0, 2, 1}, x.argsort().toLongArray());
        assertTrue(r0.values().isContiguous());
        error("dimension out of range", () -> x.sort(2));
    }

    @Test
    void sortEdgeCases() {
        check(zeros(0, 3).sort(0).values(), s(0, 3));
        check(zeros(2, 0).sort().values(), s(2, 0));
        ValuesIndices sc = tensor(5.0).sort();
        check(sc.values(), s(), 5);
        assertArrayEquals(new long[0], sc.indices().shape());
        Tensor b = tensor(true, false, true).sort().values();
        assertEquals(DType.BOOL, b.dtype());
        assertArrayEquals(new boolean[] {false, true, true}, b.toBooleanArray());
        Tensor big = tensor(Long.MAX_VALUE, Long.MIN_VALUE, 0L).sort().values();
        assertArrayEquals(new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}, big.toLongArray());
    }

    @Test
    void sortLargeRowsMatchesArraysSort() {
        int n = 100_000;
        Tensor x = randn(n).toDouble();
        double[] expect = x.toDoubleArray();
        java.util.Arrays.sort(expect);
        ValuesIndices r = x.sort();
        assertArrayEquals(expect, r.values().toDoubleArray(), 0.0);
        // indices reproduce the values
        assertArrayEquals(expect, x.get(r.indices()).toDoubleArray(), 0.0);
        Tensor rows = randn(300, 50);
        Tensor sorted = rows.sort(1).values();
        for (int i = 0; i < 300; i += 37) {
            float[] row = rows.get(i).toFloatArray();
            java.util.Arrays.sort(row);
            assertArrayEquals(row, sorted.get(i).toFloatArray(), 0f);
        }
    }

    @Test
    void topk() {
        Tensor x = tensor(1.0, NAN, 3.0, 2.0);
        ValuesIndices t = x.topk(2);
        check(t.values(), s(2), NAN, 3);
        assertArrayEquals(new long[] {1, 2}, t.indices().toLongArray());
        ValuesIndices small = x.topk(2, 0, false);
        check(small.values(), s(2), 1, 2);
        assertArrayEquals(new long[] {0, 3}, small.indices().toLongArray());
        Tensor m = arange(12).toFloat().reshape(3, 4);
        ValuesIndices c = m.topk(2, 0, true, true);
        check(c.values(), s(2, 4), 8, 9, 10, 11, 4, 5, 6, 7);
        assertArrayEquals(new long[] {2, 2, 2, 2, 1, 1, 1, 1}, c.indices().toLongArray());
        check(m.topk(0).values(), s(3, 0));
        check(tensor(5.0).topk(1).values(), s(), 5);
        error("selected index k out of range", () -> m.topk(5));
        error("selected index k out of range", () -> m.topk(-1));
    }

    @Test
    void unique() {
        Tensor x = tensor(new long[][] {{3, 1}, {2, 3}, {1, 1}});
        assertArrayEquals(new long[] {1, 2, 3}, x.unique().toLongArray());
        UniqueResult u = x.unique(true, true, true);
        assertArrayEquals(new long[] {3, 2}, u.inverse().shape());
        assertArrayEquals(new long[] {2, 0, 1, 2, 0, 0}, u.inverse().toLongArray());
        assertArrayEquals(new long[] {3, 1, 2}, u.counts().toLongArray());
        UniqueResult plain = x.unique(true, false, false);
        assertNull(plain.inverse());
        assertNull(plain.counts());
        UniqueResult f = tensor(2.0, NAN, -0.0, 0.0, NAN).unique(true, false, true);
        check(f.values(), s(4), -0.0, 2, NAN, NAN); // NaN != NaN: each NaN stays
        assertArrayEquals(new long[] {2, 1, 1, 1}, f.counts().toLongArray());
        check(zeros(0).unique(), s(0));
        check(tensor(4.0).unique(), s(1), 4);
    }

    // ---------------------------------------------------------------- splitting and tiling

    @Test
    void splitAndChunkAreViews() {
        Tensor x = arange(12).toFloat().reshape(3, 4);
        var parts = x.split(2, 1);
        assertEquals(2, parts.size());
        check(parts.get(1), s(3, 2), 2, 3, 6, 7, 10, 11);
        parts.get(0).fill_(0);
        assertEquals(0, x.get(2, 1).item());
        var sized = x.split(new long[] {1, 2}, 0);
        check(sized.get(1).get(":, 2"), s(2), 6, 10);
        assertEquals(3, arange(5).chunk(3).size());
        assertArrayEquals(new long[] {4}, arange(5).chunk(3).get(2).toLongArray());
        assertEquals(3, arange(6).chunk(4).size()); // ceil(6/4) = 2 per chunk
        assertEquals(3, zeros(0).chunk(3).size());
        assertEquals(1, zeros(0).split(2).size());
        assertEquals(4, x.chunk(5, 1).size());
        var rows = x.unbind(1);
        assertEquals(4, rows.size());
        check(rows.get(3), s(3), 3, 7, 11);
        error("split_size can only be 0 if dimension size is 0", () -> x.split(0));
        error("expects split_sizes to sum exactly to 3", () -> x.split(new long[] {1, 1}, 0));
        error("only non-negative entries", () -> x.split(new long[] {4, -1}, 1));
        error("chunk: expects `chunks` to be greater than 0", () -> x.chunk(0));
    }

    @Test
    void repeatFlipRoll() {
        Tensor x = arange(6).reshape(2, 3);
        assertArrayEquals(new long[] {0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5}, x.repeat(1, 2).toLongArray());
        assertArrayEquals(new long[] {2, 4, 3}, x.repeat(2, 2, 1).shape());
        assertArrayEquals(new long[] {2, 0, 3}, x.repeat(2, 0, 1).shape());
        assertArrayEquals(new long[] {5, 5}, tensor(5L).repeat(2).toLongArray());
        error("can not be smaller than number of dimensions of tensor", () -> x.repeat(2));
        error("negative dimension", () -> x.repeat(-1, 1));

        assertArrayEquals(new long[] {2, 1, 0, 5, 4, 3}, x.flip(-1).toLongArray());
        assertArrayEquals(new long[] {5, 4, 3, 2, 1, 0}, x.flip(0, 1).toLongArray());
        assertArrayEquals(new long[] {3, 0, 4, 1, 5, 2}, x.t().flip(1).toLongArray());
        assertEquals(3, tensor(3.0).flip(0).item());
        error("appears multiple times", () -> x.flip(0, 0));
        error("dimension out of range", () -> x.flip(2));

        Tensor y = arange(12).toFloat().reshape(3, 4);
        check(y.roll(1), s(3, 4), 11, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        check(y.roll(-5, 1), s(3, 4), 1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8);
        check(y.roll(new long[] {1, 1}, new int[] {0, 1}), s(3, 4), 11, 8, 9, 10, 3, 0, 1, 2, 7, 4, 5, 6);
        check(zeros(0, 3).roll(1, 0), s(0, 3));
        error("shifts and dimensions must align", () -> y.roll(new long[] {1, 2}, new int[] {0}));
    }

    @Test
    void repeatInterleave() {
        Tensor x = arange(6).reshape(2, 3);
        assertArrayEquals(new long[] {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5}, x.repeatInterleave(2).toLongArray());
        Tensor c = x.repeatInterleave(2, 1);
        assertArrayEquals(new long[] {2, 6}, c.shape());
        assertArrayEquals(new long[] {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5}, c.toLongArray());
        Tensor r = x.repeatInterleave(tensor(1L, 2L), 0);
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 3, 4, 5}, r.toLongArray());
        assertArrayEquals(new long[] {0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5}, x.repeatInterleave(tensor(2L), 0).toLongArray());
        assertArrayEquals(new long[] {3, 3}, tensor(3L).repeatInterleave(2).toLongArray());
        error("repeats can not be negative", () -> x.repeatInterleave(-1, 1));
        error("repeats must have the same size as input along dim", () -> x.repeatInterleave(tensor(1L, 2L), 1));
        error("repeats must be 0-dim or 1-dim", () -> x.repeatInterleave(tensor(new long[][] {{1, 2}}), 0));
    }

    @Test
    void stacks() {
        assertArrayEquals(new long[] {0, 1, 0, 1, 2}, hstack(arange(2), arange(3)).toLongArray());
        Tensor v = vstack(arange(2), arange(2));
        assertArrayEquals(new long[] {2, 2}, v.shape());
        assertArrayEquals(new long[] {2, 5}, hstack(zeros(2, 2), zeros(2, 3)).shape());
    }

    @Test
    void fastPathsAgreeWithTheGeneralOnes() {
        // topk with k <= n/8 selects instead of sorting; ties go to the lower position
        Tensor t = tensor(new long[] {5, 1, 9, 9, 3, 9, 0, 2, 7, 1, 9, 4, 6, 8, 2, 3, 9});
        ValuesIndices top = t.topk(2);
        assertArrayEquals(new long[] {9, 9}, top.values().toLongArray());
        assertArrayEquals(new long[] {2, 3}, top.indices().toLongArray());
        ValuesIndices low = t.topk(2, 0, false);
        assertArrayEquals(new long[] {0, 1}, low.values().toLongArray());
        assertArrayEquals(new long[] {6, 1}, low.indices().toLongArray());
        // float64 and int32 rows use the merge sort and the packed sort
        Tensor d = tensor(new double[] {2, NAN, -1, 2, Double.NEGATIVE_INFINITY}).toDouble();
        assertArrayEquals(new long[] {4, 2, 0, 3, 1}, d.argsort().toLongArray());
        assertArrayEquals(new long[] {1, 0, 3, 2, 4}, d.argsort(0, true).toLongArray());
        Tensor i32 = tensor(new long[] {3, -2, 3, Integer.MIN_VALUE}).toInt();
        assertArrayEquals(new long[] {3, 1, 0, 2}, i32.argsort().toLongArray());
        assertEquals(DType.INT32, i32.sort().values().dtype());
        // unique over a wide integer range sorts instead of counting
        UniqueResult wide = tensor(new long[] {1L << 40, -5, 1L << 40, 7}).unique(true, true, true);
        assertArrayEquals(new long[] {-5, 7, 1L << 40}, wide.values().toLongArray());
        assertArrayEquals(new long[] {2, 0, 2, 1}, wide.inverse().toLongArray());
        assertArrayEquals(new long[] {1, 1, 2}, wide.counts().toLongArray());
        UniqueResult b = tensor(true, false, true).unique(true, true, false);
        assertArrayEquals(new boolean[] {false, true}, b.values().toBooleanArray());
        assertArrayEquals(new long[] {1, 0, 1}, b.inverse().toLongArray());
    }
}
