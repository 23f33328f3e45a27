package org.tensorshell.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorshell.Autograd;
import org.tensorshell.Function;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.OffHeap;

/**
 * The backward pass gives its off-heap gradient temporaries back to the pool when it ends; every gradient
 * that can be seen afterwards (.grad, retained grads, hook arguments, Autograd.grad results, a custom
 * Function's incoming gradient) must keep its data. Tensors here are 256x256 float32 (256 KiB, off-heap),
 * and after each backward the test allocates more of the same size so that a wrongly released buffer
 * would be reused and overwritten.
 */
class BackwardScratchTest {
    private static final int N = 256;

    private static Tensor big(double v) { return Torch.full(new long[] {N, N}, v); }

    /** Reuses pooled buffers of the same size and fills them with garbage. */
    private static List<Tensor> churn() {
        List<Tensor> keep = new ArrayList<>();
        for (int i = 0; i < 8; i++) keep.add(big(-999));
        return keep;
    }

    private static void assertAll(Tensor t, double v) {
        assertEquals(v, t.min().item(), 0.0);
        assertEquals(v, t.max().item(), 0.0);
    }

    @Test
    void leafGradsSurviveAndStayIndependent() {
        Tensor a = big(1).requiresGrad_(true), b = big(2).requiresGrad_(true);
        a.add(b).mul(3).sum().backward(); // both leaves receive the same incoming gradient tensor
        churn();
        assertAll(a.grad(), 3);
        assertAll(b.grad(), 3);
        a.grad().add_(1);
        assertAll(b.grad(), 3);
        a.mul(b).sum().backward(); // accumulation into existing grads
        churn();
        assertAll(a.grad(), 6);
        assertAll(b.grad(), 4);
    }

    @Test
    void retainedAndHookedGradsSurvive() {
        Tensor x = big(2).requiresGrad_(true);
        Tensor h = x.mul(x);
        h.retainGrad();
        List<Tensor> seen = new ArrayList<>();
        Tensor y = h.mul(5);
        y.registerHook(g -> { seen.add(g); return null; });
        Tensor z = y.exp().log();
        z.registerHook(g -> g.mul(2)); // a replacement made inside user code
        z.sum().backward();
        churn();
        assertAll(h.grad(), 10);
        assertAll(seen.get(0), 2);
        assertAll(x.grad(), 40);
    }

    @Test
    void autogradGradResultsSurvive() {
        Tensor x = big(3).requiresGrad_(true);
        List<Tensor> g = Autograd.grad(List.of(x.mul(x).mul(2).sum()), List.of(x));
        churn();
        assertAll(g.get(0), 12);
    }

    @Test
    void customFunctionMayKeepItsGradient() {
        List<Tensor> kept = new ArrayList<>();
        Function twice = new Function() {
            @Override
            public Tensor forward(Context ctx, Tensor... in) { return in[0].mul(2); }

            @Override
            public Tensor[] backward(Context ctx, Tensor g) {
                kept.add(g);
                Tensor r = g.mul(2);
                kept.add(r);
                return new Tensor[] {r};
            }
        };
        Tensor x = big(1).requiresGrad_(true);
        twice.apply(x.mul(3)).mul(4).sum().backward();
        churn();
        assertAll(kept.get(0), 4);
        assertAll(kept.get(1), 8);
        assertAll(x.grad(), 24);
    }

    @Test
    void temporariesGoBackToThePoolWhenBackwardEnds() {
        Tensor w = big(0.5).requiresGrad_(true);
        Tensor x = big(1);
        x.matmul(w).relu().mul(x).sum().backward(); // w.grad exists from here on: later passes add into it
        Tensor loss = x.matmul(w).relu().mul(x).sum();
        long before = OffHeap.liveBytes();
        loss.backward();
        // the pass's own temporaries (the relu and matmul gradients) are back without any collection
        assertTrue(OffHeap.liveBytes() <= before, "live off-heap bytes grew from " + before + " to " + OffHeap.liveBytes());
        assertAll(w.grad(), 2 * N);
    }
}
