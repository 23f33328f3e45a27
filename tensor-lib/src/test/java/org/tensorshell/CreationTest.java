package org.tensorshell;

import static org.junit.jupiter.api.Assertions.*;
import static org.tensorshell.Torch.*;

import org.junit.jupiter.api.Test;
import org.tensorshell.core.TensorError;

class CreationTest {

    @Test
    void fromNestedArraysPicksPyTorchDtypes() {
        assertEquals(FLOAT32, tensor(new double[][] {{1, 2}, {3, 4}}).dtype());
        assertEquals(FLOAT32, tensor(new float[] {1, 2}).dtype());
        assertEquals(INT64, tensor(new int[][] {{1}, {2}}).dtype());
        assertEquals(INT64, tensor(1, 2, 3).dtype());
        assertEquals(BOOL, tensor(true, false).dtype());
        assertEquals(FLOAT64, tensor(new double[] {1, 2}, FLOAT64).dtype());
        assertArrayEquals(new long[] {2, 1, 3}, tensor(new long[][][] {{{1, 2, 3}}, {{4, 5, 6}}}).shape());
        assertEquals(0, tensor((Object) 7L).dim());
        assertEquals(7, tensor((Object) 7L).item());
    }

    @Test
    void raggedAndUnsupportedDataAreRejected() {
        TensorError e = assertThrows(TensorError.class, () -> tensor(new double[][] {{1, 2}, {3}}));
        assertEquals("tensor: expected sequence of length 2 at dim 1 (got 1); nested arrays must not be ragged", e.getMessage());
        assertThrows(TensorError.class, () -> tensor("abc"));
        assertThrows(TensorError.class, () -> tensor((Object) null));
    }

    @Test
    void factories() {
        assertArrayEquals(new double[] {7, 7, 7, 7}, full(new long[] {2, 2}, 7.0).toDoubleArray());
        assertEquals(INT64, full(new long[] {2}, 7L).dtype());
        assertArrayEquals(new long[] {0, 2, 4}, arange(0, 5, 2).toLongArray());
        assertArrayEquals(new long[] {5, 3, 1}, arange(5, 0, -2).toLongArray());
        assertEquals(FLOAT32, arange(3.0).dtype());
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, linspace(0, 1, 5).toDoubleArray(), 1e-7);
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0}, eye(2, 3).toDoubleArray());
        assertArrayEquals(new double[] {1, 1}, onesLike(zeros(2)).toDoubleArray());
        assertThrows(TensorError.class, () -> zeros(-1, 2));
        assertThrows(TensorError.class, () -> arange(0, 5, 0));
        assertThrows(TensorError.class, () -> arange(5, 0, 1));
    }

    @Test
    void sameSeedSameNumbersAtAnyThreadCount() {
        manualSeed(42);
        double[] a = randn(1000, 100).toDoubleArray();
        int threads = getNumThreads();
        try {
            setNumThreads(1);
            manualSeed(42);
            assertArrayEquals(a, randn(1000, 100).toDoubleArray());
        } finally {
            setNumThreads(threads);
        }
        Generator g = new Generator(7);
        double[] r1 = rand(new long[] {5}, g).toDoubleArray();
        double[] r2 = rand(new long[] {5}, new Generator(7)).toDoubleArray();
        assertArrayEquals(r1, r2);
        assertThrows(TensorError.class, () -> new Generator().manualSeed(Double.NaN));
    }

    @Test
    void randomDistributionsLookRight() {
        manualSeed(1);
        Tensor n = randn(200_000);
        double[] v = n.toDoubleArray();
        double mean = 0, sq = 0;
        for (double d : v) { mean += d; sq += d * d; }
        mean /= v.length;
        double var = sq / v.length - mean * mean;
        assertEquals(0, mean, 0.01);
        assertEquals(1, var, 0.02);
        for (double d : rand(10_000).toDoubleArray()) assertTrue(d >= 0 && d < 1);
        long[] ri = randint(-3, 3, 10_000).toLongArray();
        for (long d : ri) assertTrue(d >= -3 && d < 3);
        long[] perm = randperm(50).toLongArray();
        java.util.Arrays.sort(perm);
        for (int i = 0; i < 50; i++) assertEquals(i, perm[i]);
        Tensor m = tensor(0.0, 0.0, 1.0, 0.0).multinomial(3, true);
        assertArrayEquals(new long[] {2, 2, 2}, m.toLongArray());
        assertThrows(TensorError.class, () -> tensor(0.5, 0.5).multinomial(3, false));
        assertArrayEquals(new double[] {1, 0}, tensor(1.0, 0.0).bernoulli().toDoubleArray());
        assertThrows(TensorError.class, () -> tensor(1.5).bernoulli());
    }
}
