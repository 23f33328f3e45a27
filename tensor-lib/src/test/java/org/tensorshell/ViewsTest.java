package org.tensorshell;

import static org.junit.jupiter.api.Assertions.*;
import static org.tensorshell.Torch.*;

import org.junit.jupiter.api.Test;
import org.tensorshell.core.TensorError;

class ViewsTest {

    @Test
    void viewsShareStorageAndWritesAreSeenByTheBase() {
        Tensor base = arange(12.0).view(3, 4);
        Tensor t = base.t();
        assertSame(base.untypedStorage(), t.untypedStorage());
        assertArrayEquals(new long[] {4, 3}, t.shape());
        assertFalse(t.isContiguous());
        t.narrow(0, 1, 1).fill_(-1);            // column 1 of base
        assertArrayEquals(new double[] {0, -1, 2, 3, 4, -1, 6, 7, 8, -1, 10, 11}, base.toDoubleArray());
        base.unsqueeze(0).expand(2, 3, 4).select(0, 1).select(1, 3).mul_(10);
        assertEquals(30, base.select(0, 0).select(0, 3).item());
    }

    @Test
    void viewNeedsCompatibleStridesButReshapeCopies() {
        Tensor t = arange(6.0).view(2, 3).t();
        TensorError e = assertThrows(TensorError.class, () -> t.view(6));
        assertTrue(e.getMessage().startsWith("view: size [6] is not compatible"), e.getMessage());
        Tensor r = t.reshape(6);
        assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, r.toDoubleArray());
        assertNotSame(t.untypedStorage(), r.untypedStorage());
        Tensor v = arange(24.0).view(2, 3, 4).permute(1, 0, 2).reshape(3, 8);
        assertArrayEquals(new long[] {3, 8}, v.shape());
        assertEquals(4.0, v.select(0, 1).select(0, 0).item());
    }

    @Test
    void inferredSizesAndErrors() {
        assertArrayEquals(new long[] {3, 4}, zeros(12).view(-1, 4).shape());
        assertThrows(TensorError.class, () -> zeros(12).view(-1, -1));
        TensorError e = assertThrows(TensorError.class, () -> zeros(12).view(5, -1));
        assertEquals("view: shape '[5, -1]' is invalid for input of size 12", e.getMessage());
        assertArrayEquals(new long[] {0, 4}, zeros(0, 4).view(-1, 4).shape());
    }

    @Test
    void squeezeUnsqueezeFlattenUnflatten() {
        Tensor t = zeros(2, 1, 3, 1);
        assertArrayEquals(new long[] {2, 3}, t.squeeze().shape());
        assertArrayEquals(new long[] {2, 3, 1}, t.squeeze(1).shape());
        assertArrayEquals(new long[] {2, 1, 3, 1}, t.squeeze(0).shape());
        assertArrayEquals(new long[] {2, 1, 3, 1, 1}, t.unsqueeze(-1).shape());
        assertArrayEquals(new long[] {6}, zeros(2, 3).flatten().shape());
        assertArrayEquals(new long[] {2, 12}, zeros(2, 3, 4).flatten(1, -1).shape());
        assertArrayEquals(new long[] {2, 3, 4}, zeros(2, 12).unflatten(1, 3, -1).shape());
        assertArrayEquals(new long[] {1}, tensor((Object) 5.0).flatten().shape());
    }

    @Test
    void expandRules() {
        Tensor t = tensor(1.0, 2.0, 3.0).view(3, 1);
        Tensor e = t.expand(2, 3, 4);
        assertArrayEquals(new long[] {2, 3, 4}, e.shape());
        assertArrayEquals(new long[] {0, 1, 0}, e.stride());
        assertEquals(3.0, e.select(0, 1).select(0, 2).select(0, 3).item());
        TensorError err = assertThrows(TensorError.class, () -> t.expand(2, 2));
        assertTrue(err.getMessage().contains("must match the existing size (3) at non-singleton dimension 0"), err.getMessage());
    }

    @Test
    void dimErrorsNameTheRange() {
        TensorError e = assertThrows(TensorError.class, () -> zeros(2, 3).transpose(0, 2));
        assertEquals("transpose: dimension out of range (expected to be in range of [-2, 1], but got 2)", e.getMessage());
        assertThrows(TensorError.class, () -> zeros(2, 3).permute(0, 0));
        assertThrows(TensorError.class, () -> zeros(2, 3).select(1, 3));
        assertThrows(TensorError.class, () -> zeros(2, 3).narrow(1, 2, 2));
    }

    @Test
    void sliceClampsLikePython() {
        Tensor t = arange(10);
        assertArrayEquals(new long[] {8, 9}, t.slice(0, 8, 100, 1).toLongArray());
        assertArrayEquals(new long[] {}, t.slice(0, 7, 3, 1).toLongArray());
        assertArrayEquals(new long[] {1, 4, 7}, t.slice(0, 1, Long.MAX_VALUE, 3).toLongArray());
        assertArrayEquals(new long[] {7, 8}, t.slice(0, -3, -1, 1).toLongArray());
    }

    @Test
    void diagonalAndUnfold() {
        Tensor m = arange(9.0).view(3, 3);
        assertArrayEquals(new double[] {0, 4, 8}, m.diagonal().toDoubleArray());
        assertArrayEquals(new double[] {1, 5}, m.diagonal(1, 0, 1).toDoubleArray());
        assertArrayEquals(new double[] {3, 7}, m.diagonal(-1, 0, 1).toDoubleArray());
        Tensor w = arange(6.0).unfold(0, 3, 2);
        assertArrayEquals(new long[] {2, 3}, w.shape());
        assertArrayEquals(new double[] {0, 1, 2, 2, 3, 4}, w.toDoubleArray());
    }

    @Test
    void inPlaceBumpsTheVersionOfSharedStorage() {
        Tensor a = zeros(4);
        Tensor v = a.view(2, 2);
        int before = a.version();
        v.add_(1.0);
        assertEquals(before + 1, a.version());
    }
}
