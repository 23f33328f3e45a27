package org.tensorshell.core;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.tensorshell.DType;

/**
 * The pure-Java backend: the specification every other backend is checked against, and the fallback
 * when no native library loads. Its matrix product packs both operands into row-major Java arrays and
 * runs a register-blocked, vectorised loop, parallel over rows of the result.
 */
public final class ReferenceBackend implements Backend.Gemm {
    public static final ReferenceBackend INSTANCE = new ReferenceBackend();

    private ReferenceBackend() {}

    @Override public String name() { return "java"; }

    @Override public int priority() { return 0; }

    @Override public String unavailableReason() { return null; }

    @Override public boolean accepts(DType dtype, int m, int n, int k) { return true; }

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    @Override
    public void gemm(DType dtype, boolean transA, boolean transB, int m, int n, int k, double alpha,
                     Storage a, int aOffset, int lda, Storage b, int bOffset, int ldb, double beta,
                     Storage c, int cOffset, int ldc) {
        switch (dtype) {
            case FLOAT32 -> gemmFloat(transA, transB, m, n, k, (float) alpha, a, aOffset, lda, b, bOffset, ldb, (float) beta, c, cOffset, ldc);
            case FLOAT64 -> gemmDouble(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
            case INT64, INT32, BOOL -> gemmLong(transA, transB, m, n, k, (long) alpha, a, aOffset, lda, b, bOffset, ldb, (long) beta, c, cOffset, ldc);
        }
    }

    /** op(X) as a row-major rows x cols float array. */
    private static float[] packF(Storage s, int off, int ld, boolean trans, int rows, int cols) {
        float[] p = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            if (trans) s.readFloat(off + r, ld, p, r * cols, cols);
            else s.readFloat(off + r * ld, 1, p, r * cols, cols);
        }
        return p;
    }

    private static double[] packD(Storage s, int off, int ld, boolean trans, int rows, int cols) {
        double[] p = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            if (trans) s.readDouble(off + r, ld, p, r * cols, cols);
            else s.readDouble(off + r * ld, 1, p, r * cols, cols);
        }
        return p;
    }

    private static void gemmFloat(boolean tA, boolean tB, int m, int n, int k, float alpha, Storage a, int ao, int lda,
                                  Storage b, int bo, int ldb, float beta, Storage c, int co, int ldc) {
        float[] pa = packF(a, ao, lda, tA, m, k);
        float[] pb = packF(b, bo, ldb, tB, k, n);
        int grain = Math.max(1, (int) (Parallel.GRAIN / Math.max(1L, (long) n * k / 64)));
        Parallel.range(m, grain, (r0, r1) -> {
            float[] row = new float[n];
            for (int i = r0; i < r1; i++) {
                java.util.Arrays.fill(row, 0f);
                for (int p = 0; p < k; p++) {
                    float av = pa[i * k + p];
                    FloatVector va = FloatVector.broadcast(FS, av);
                    int j = 0, base = p * n;
                    for (int bound = FS.loopBound(n); j < bound; j += FS.length()) {
                        FloatVector.fromArray(FS, pb, base + j).fma(va, FloatVector.fromArray(FS, row, j)).intoArray(row, j);
                    }
                    for (; j < n; j++) row[j] += av * pb[base + j];
                }
                finishRowF(row, alpha, beta, c, co + i * ldc, n);
            }
        });
    }

    private static void finishRowF(float[] row, float alpha, float beta, Storage c, int off, int n) {
        if (beta != 0f) {
            float[] old = new float[n];
            c.readFloat(off, 1, old, 0, n);
            for (int j = 0; j < n; j++) row[j] = alpha * row[j] + beta * old[j];
        } else if (alpha != 1f) {
            for (int j = 0; j < n; j++) row[j] *= alpha;
        }
        c.writeFloat(off, 1, row, 0, n);
    }

    private static void gemmDouble(boolean tA, boolean tB, int m, int n, int k, double alpha, Storage a, int ao, int lda,
                                   Storage b, int bo, int ldb, double beta, Storage c, int co, int ldc) {
        double[] pa = packD(a, ao, lda, tA, m, k);
        double[] pb = packD(b, bo, ldb, tB, k, n);
        int grain = Math.max(1, (int) (Parallel.GRAIN / Math.max(1L, (long) n * k / 64)));
        Parallel.range(m, grain, (r0, r1) -> {
            double[] row = new double[n];
            for (int i = r0; i < r1; i++) {
                java.util.Arrays.fill(row, 0);
                for (int p = 0; p < k; p++) {
                    double av = pa[i * k + p];
                    DoubleVector va = DoubleVector.broadcast(DS, av);
                    int j = 0, base = p * n;
                    for (int bound = DS.loopBound(n); j < bound; j += DS.length()) {
                        DoubleVector.fromArray(DS, pb, base + j).fma(va, DoubleVector.fromArray(DS, row, j)).intoArray(row, j);
                    }
                    for (; j < n; j++) row[j] += av * pb[base + j];
                }
                if (beta != 0) {
                    double[] old = new double[n];
                    c.readDouble(co + i * ldc, 1, old, 0, n);
                    for (int j = 0; j < n; j++) row[j] = alpha * row[j] + beta * old[j];
                } else if (alpha != 1) {
                    for (int j = 0; j < n; j++) row[j] *= alpha;
                }
                c.writeDouble(co + i * ldc, 1, row, 0, n);
            }
        });
    }

    private static void gemmLong(boolean tA, boolean tB, int m, int n, int k, long alpha, Storage a, int ao, int lda,
                                 Storage b, int bo, int ldb, long beta, Storage c, int co, int ldc) {
        long[] row = new long[n];
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(row, 0);
            for (int p = 0; p < k; p++) {
                long av = a.getLong(tA ? ao + p * lda + i : ao + i * lda + p);
                if (av == 0) continue;
                for (int j = 0; j < n; j++) row[j] += av * b.getLong(tB ? bo + j * ldb + p : bo + p * ldb + j);
            }
            for (int j = 0; j < n; j++) {
                long v = alpha * row[j] + (beta != 0 ? beta * c.getLong(co + i * ldc + j) : 0);
                c.setLong(co + i * ldc + j, v);
            }
        }
    }

}
