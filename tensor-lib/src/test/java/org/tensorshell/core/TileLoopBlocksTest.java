package org.tensorshell.core;

import org.junit.jupiter.api.Test;
import org.tensorshell.DType;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link TileLoop}'s block walk, for operands read or written across cache lines (transposed views): every
 * result equals, bit for bit, the same op on a contiguous copy of the operands made without the tile loop, at
 * sizes that are not multiples of the block or of its runs, with outer dimensions, broadcasting, every compute
 * type, and outputs that are themselves transposed.
 */
class TileLoopBlocksTest {
    private static final int R = 70, C = 131; // the view is C x R: 131 = 2 * 64 + 3 rows, 70 = 64 + 6 columns

    /** A contiguous r x c float32 tensor of distinct values, and its data. */
    private static float[] data(int n, int seed) {
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = (float) Math.sin(seed * 1000.0 + i) * 3;
        return d;
    }

    /** The r x c matrix {@code d} transposed, as data (no tensor op involved). */
    private static float[] transposed(float[] d, int r, int c) {
        float[] t = new float[d.length];
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) t[j * r + i] = d[i * c + j];
        return t;
    }

    private static Tensor matrix(float[] d, int r, int c) {
        return Torch.tensor(d).reshape(r, c);
    }

    @Test
    void theBlockWalkIsTakenForOperandsAcrossLinesOnly() {
        Storage a = matrix(data(R * C, 1), R, C).untypedStorage(), b = Torch.zeros(C, R).untypedStorage();
        int[] sh = {C, R};
        // out contiguous, input transposed: blocks
        assertTrue(TileLoop.acrossLines(sh, 2, new int[][] {{R, 1}, {1, C}},
            new TileLoop.Operand[] {new TileLoop.Operand(b, 0, new int[] {R, 1}), new TileLoop.Operand(a, 0, new int[] {1, C})}));
        // both contiguous: rows
        assertFalse(TileLoop.acrossLines(sh, 2, new int[][] {{R, 1}, {R, 1}},
            new TileLoop.Operand[] {new TileLoop.Operand(b, 0, new int[] {R, 1}), new TileLoop.Operand(a, 0, new int[] {R, 1})}));
        // an input in the output's memory in another layout: rows, in order
        assertFalse(TileLoop.acrossLines(new int[] {R, R}, 2, new int[][] {{R, 1}, {1, R}},
            new TileLoop.Operand[] {new TileLoop.Operand(a, 0, new int[] {R, 1}), new TileLoop.Operand(a, 0, new int[] {1, R})}));
        // too few rows for a block
        assertFalse(TileLoop.acrossLines(new int[] {C, 8}, 2, new int[][] {{8, 1}, {1, C}},
            new TileLoop.Operand[] {new TileLoop.Operand(b, 0, new int[] {8, 1}), new TileLoop.Operand(a, 0, new int[] {1, C})}));
    }

    @Test
    void unaryOnATransposedViewEqualsTheContiguousCopy() {
        float[] d = data(R * C, 2);
        Tensor view = matrix(d, R, C).t();
        Tensor copy = matrix(transposed(d, R, C), C, R);
        assertArrayEquals(copy.exp().toFloatArray(), view.exp().toFloatArray());
        assertArrayEquals(copy.tanh().toFloatArray(), view.tanh().toFloatArray());
        assertArrayEquals(copy.toFloatArray(), view.contiguous().toFloatArray());
        assertArrayEquals(copy.to(DType.FLOAT64).sqrt().toDoubleArray(), view.to(DType.FLOAT64).sqrt().toDoubleArray());
    }

    @Test
    void everyComputeTypeAndDtype() {
        float[] d = data(R * C, 3);
        for (DType dt : new DType[] {DType.FLOAT64, DType.INT64, DType.INT32, DType.BOOL}) {
            Tensor base = matrix(d, R, C).mul(10).to(dt); // a contiguous tensor of the dtype
            Tensor copyOfT = matrix(transposed(d, R, C), C, R).mul(10).to(dt);
            Tensor view = base.t();
            assertArrayEquals(copyOfT.toDoubleArray(), view.contiguous().toDoubleArray(), dt.toString());
            if (dt == DType.BOOL) {
                assertArrayEquals(copyOfT.logicalNot().toDoubleArray(), view.logicalNot().toDoubleArray(), dt.toString());
            } else {
                assertArrayEquals(copyOfT.abs().toDoubleArray(), view.abs().toDoubleArray(), dt.toString());
                assertArrayEquals(copyOfT.add(copyOfT).toDoubleArray(), view.add(view).toDoubleArray(), dt.toString());
            }
        }
    }

    @Test
    void binaryWithContiguousBroadcastAndMixedDtypeOperands() {
        float[] d = data(R * C, 4), e = data(C * R, 5), row = data(R, 6);
        Tensor view = matrix(d, R, C).t();
        Tensor copy = matrix(transposed(d, R, C), C, R);
        Tensor y = matrix(e, C, R);
        Tensor r = Torch.tensor(row);
        Tensor col = Torch.tensor(data(C, 7)).reshape(C, 1);
        assertArrayEquals(copy.add(y).toFloatArray(), view.add(y).toFloatArray());
        assertArrayEquals(y.sub(copy).toFloatArray(), y.sub(view).toFloatArray());
        assertArrayEquals(copy.mul(r).toFloatArray(), view.mul(r).toFloatArray());
        assertArrayEquals(copy.div(col).toFloatArray(), view.div(col).toFloatArray());
        Tensor ints = y.mul(7).to(DType.INT64);
        assertArrayEquals(copy.add(ints).toDoubleArray(), view.add(ints).toDoubleArray());
        assertArrayEquals(copy.to(DType.FLOAT64).mul(y).toDoubleArray(), view.to(DType.FLOAT64).mul(y).toDoubleArray());
        // both operands the same transposed view
        assertArrayEquals(copy.mul(copy).toFloatArray(), view.mul(view).toFloatArray());
    }

    @Test
    void whereWithATransposedCondition() {
        float[] d = data(R * C, 8);
        Tensor cond = matrix(d, R, C).gt(0);
        Tensor condCopy = matrix(transposed(d, R, C), C, R).gt(0);
        Tensor a = matrix(data(C * R, 9), C, R), b = matrix(data(C * R, 10), C, R).t().contiguous().t();
        assertArrayEquals(Torch.where(condCopy, a, b).toFloatArray(), Torch.where(cond.t(), a, b).toFloatArray());
    }

    @Test
    void outerDimensionsAndAPermutedBatch() {
        int batch = 3, rows = 40, cols = 90;
        float[] d = data(batch * rows * cols, 11);
        Tensor z = Torch.tensor(d).reshape(batch, rows, cols);
        Tensor view = z.permute(0, 2, 1); // [3, 90, 40], each batch transposed
        float[] expect = new float[d.length];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) expect[b * rows * cols + j * rows + i] = d[b * rows * cols + i * cols + j];
        }
        Tensor copy = Torch.tensor(expect).reshape(batch, cols, rows);
        assertArrayEquals(copy.toFloatArray(), view.contiguous().toFloatArray());
        assertArrayEquals(copy.exp().toFloatArray(), view.exp().toFloatArray());
        Tensor other = Torch.tensor(data(cols * rows, 12)).reshape(cols, rows); // broadcast over the batch
        assertArrayEquals(copy.add(other).toFloatArray(), view.add(other).toFloatArray());
        // a batch of transposes whose outer dimension is innermost in memory: [90, 40, 3] walked from [3, 40, 90]
        Tensor w = Torch.tensor(d).reshape(cols, rows, batch).permute(2, 1, 0);
        assertArrayEquals(w.contiguous().neg().toFloatArray(), w.neg().toFloatArray());
    }

    @Test
    void outputsWrittenAcrossLines() {
        float[] src = data(C * R, 13), start = data(R * C, 14), add = data(C * R, 15);
        // copy_ into a transposed target
        Tensor target = Torch.zeros(R, C);
        target.t().copy_(matrix(src, C, R));
        assertArrayEquals(transposed(src, C, R), target.toFloatArray());
        // an in-place add on a transposed view of a separate tensor
        Tensor x = matrix(start.clone(), R, C);
        x.t().add_(matrix(add, C, R));
        float[] expect = start.clone();
        float[] addT = transposed(add, C, R);
        for (int i = 0; i < expect.length; i++) expect[i] += addT[i];
        assertArrayEquals(expect, x.toFloatArray());
        // in place on the view itself (same layout in and out): exp_
        Tensor y = matrix(start.clone(), R, C);
        y.t().exp_();
        assertArrayEquals(matrix(start.clone(), R, C).exp().toFloatArray(), y.toFloatArray());
    }

    @Test
    void anInPlaceOpWithItsOwnTransposeReadsTheOriginalValues() {
        float[] d = data(R * R, 16);
        Tensor x = matrix(d.clone(), R, R);
        x.add_(x.t());
        float[] t = transposed(d, R, R);
        float[] expect = new float[d.length];
        for (int i = 0; i < d.length; i++) expect[i] = d[i] + t[i];
        assertArrayEquals(expect, x.toFloatArray());
    }

    @Test
    void narrowAndStridedViewsAroundTheBlockSizes() {
        for (int[] rc : new int[][] {{32, 32}, {33, 65}, {64, 64}, {65, 129}, {200, 32}, {32, 300}}) {
            int r = rc[0], c = rc[1];
            float[] d = data(r * c * 2, r + c);
            // every other column of a [r, 2c] matrix, transposed: strides (2, 2c) on the view
            Tensor wide = matrix(d, r, 2 * c);
            Tensor view = wide.get(":, ::2").t();
            float[] sub = new float[r * c];
            for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) sub[i * c + j] = d[i * 2 * c + 2 * j];
            Tensor copy = matrix(transposed(sub, r, c), c, r);
            assertArrayEquals(copy.toFloatArray(), view.contiguous().toFloatArray(), r + "x" + c);
            assertArrayEquals(copy.sigmoid().toFloatArray(), view.sigmoid().toFloatArray(), r + "x" + c);
        }
    }
}
