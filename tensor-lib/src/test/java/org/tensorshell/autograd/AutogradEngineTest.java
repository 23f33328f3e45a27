package org.tensorshell.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.tensorshell.Autograd;
import org.tensorshell.DType;
import org.tensorshell.GradCheck;
import org.tensorshell.GradMode;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.TensorError;

/**
 * Acceptance 3 of issue 3 (each PyTorch error reproduced) and the engine's robustness: deep graphs,
 * interruption, thread-confined grad mode, graphs freed after backward; plus the checker checking itself.
 */
class AutogradEngineTest {

    static Tensor leaf(double... v) { return Torch.tensor(v, DType.FLOAT64).requiresGrad_(); }

    static void assertMessage(Throwable e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), () -> "message lacks '" + p + "': " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ PyTorch's errors

    @Test
    void backwardTwiceThroughFreedGraph() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(x).sum();
        y.backward();
        TensorError e = assertThrows(TensorError.class, y::backward);
        assertMessage(e, "Trying to backward through the graph a second time", "retainGraph=true");
    }

    @Test
    void retainGraphAllowsSecondBackwardAndAccumulates() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(x).sum();
        y.backward(null, true);
        y.backward();
        assertArrayEquals(new double[] {4, 8, 12}, x.grad().toDoubleArray());
    }

    @Test
    void autogradGradFreesTheGraphToo() {
        Tensor x = leaf(1, 2);
        Tensor y = x.exp().sum();
        Autograd.grad(y, x);
        TensorError e = assertThrows(TensorError.class, () -> Autograd.grad(y, x));
        assertMessage(e, "second time");
    }

    @Test
    void inPlaceModificationOfSavedTensor() {
        Tensor x = leaf(0.5, 1.0, 1.5);
        Tensor a = x.mul(2.0);
        Tensor b = a.sin();          // saves a
        a.add_(1.0);
        TensorError e = assertThrows(TensorError.class, () -> b.sum().backward());
        assertMessage(e, "modified by an inplace operation", "is at version 1; expected version 0", "SinBackward");
    }

    @Test
    void inPlaceModificationOfSavedOutput() {
        Tensor x = leaf(0.5, 1.0);
        Tensor y = x.exp();          // saves its output
        y.mul_(2.0);
        TensorError e = assertThrows(TensorError.class, () -> y.sum().backward());
        assertMessage(e, "modified by an inplace operation", "ExpBackward");
    }

    @Test
    void inPlaceOnUnsavedTensorIsFine() {
        Tensor x = leaf(0.5, 1.0);
        Tensor y = x.mul(3.0);       // multiplication by a constant saves nothing of y
        Tensor z = y.add(1.0);
        y.mul_(2.0);
        z.sum().backward();
        assertArrayEquals(new double[] {3, 3}, x.grad().toDoubleArray());
    }

    @Test
    void inPlaceOnLeafRequiringGrad() {
        Tensor x = leaf(1, 2);
        TensorError e = assertThrows(TensorError.class, () -> x.add_(1.0));
        assertMessage(e, "a leaf Variable that requires grad is being used in an in-place operation");
        assertThrows(TensorError.class, () -> x.mul_(x));
        assertThrows(TensorError.class, () -> x.copy_(Torch.zeros(2).toDouble()));
        assertThrows(TensorError.class, x::zero_);
        assertEquals(0, x.version());
    }

    @Test
    void inPlaceOnViewOfLeafRequiringGrad() {
        Tensor x = leaf(1, 2, 3, 4);
        TensorError e = assertThrows(TensorError.class, () -> x.narrow(0, 1, 2).mul_(2.0));
        assertMessage(e, "a view of a leaf Variable that requires grad is being used in an in-place operation");
        assertThrows(TensorError.class, () -> x.view(2, 2).select(0, 1).fill_(0.0));
        assertArrayEquals(new double[] {1, 2, 3, 4}, x.toDoubleArray());
    }

    @Test
    void inPlaceOnLeafUnderNoGradIsAllowed() {
        Tensor x = leaf(1, 2);
        try (GradMode g = Torch.noGrad()) {
            x.sub_(0.5);
            x.narrow(0, 0, 1).mul_(2.0);
        }
        assertArrayEquals(new double[] {1, 1.5}, x.toDoubleArray());
        assertTrue(x.isLeaf());
        assertTrue(x.requiresGrad());
    }

    @Test
    void gradOfNonScalarWithoutGradient() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(2.0);
        TensorError e = assertThrows(TensorError.class, y::backward);
        assertMessage(e, "grad can be implicitly created only for scalar outputs");
        y.backward(Torch.tensor(new double[] {1, 10}, DType.FLOAT64));
        assertArrayEquals(new double[] {2, 20}, x.grad().toDoubleArray());
    }

    @Test
    void backwardGradientOfWrongShape() {
        Tensor y = leaf(1, 2).mul(2.0);
        TensorError e = assertThrows(TensorError.class, () -> y.backward(Torch.ones(3).toDouble()));
        assertMessage(e, "mismatch in shape");
    }

    @Test
    void backwardOfTensorNotRequiringGrad() {
        Tensor y = Torch.ones(2).sum();
        TensorError e = assertThrows(TensorError.class, y::backward);
        assertMessage(e, "does not require grad and does not have a grad_fn");
    }

    @Test
    void unusedInputWithoutAllowUnused() {
        Tensor x = leaf(1, 2), w = leaf(3);
        Tensor y = x.mul(x).sum();
        TensorError e = assertThrows(TensorError.class,
            () -> Autograd.grad(List.of(y), List.of(x, w), null, true, false, false));
        assertMessage(e, "appears to not have been used in the graph", "allowUnused=true");
        List<Tensor> g = Autograd.grad(List.of(y), List.of(x, w), null, false, false, true);
        assertArrayEquals(new double[] {2, 4}, g.get(0).toDoubleArray());
        assertNull(g.get(1));
        assertNull(x.grad(), "Autograd.grad must not accumulate into .grad");
    }

    @Test
    void gradOfInputNotRequiringGrad() {
        Tensor x = leaf(1, 2), c = Torch.ones(2).toDouble();
        Tensor y = x.mul(c).sum();
        assertThrows(TensorError.class, () -> Autograd.grad(y, c));
    }

    @Test
    void requiresGradOnIntegerTensorRefused() {
        TensorError e = assertThrows(TensorError.class, () -> Torch.tensor(new long[] {1, 2}).requiresGrad_());
        assertMessage(e, "floating point");
    }

    // ------------------------------------------------------------------ the engine

    /** 100,000 chained ops backpropagate on a thread with a small stack: the engine must not recurse. */
    @Test
    void deepChainWithoutStackOverflow() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<double[]> grad = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                Tensor x = leaf(1.0, 2.0);
                Tensor y = x;
                for (int i = 0; i < 100_000; i++) y = i % 2 == 0 ? y.mul(1.0) : y.add(0.5);
                y.sum().backward();
                grad.set(x.grad().toDoubleArray());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "deep-chain", 256 * 1024);
        t.start();
        t.join(120_000);
        assertFalse(t.isAlive(), "backward of the deep chain did not finish");
        if (failure.get() != null) throw new AssertionError("deep chain failed", failure.get());
        assertArrayEquals(new double[] {1, 1}, grad.get());
    }

    /** A thread interrupt during a long backward stops it promptly with an exception, leaving the flag handled. */
    @Test
    void backwardIsInterruptible() throws Exception {
        Tensor x = leaf(1.0, 2.0);
        Tensor y = x;
        for (int i = 0; i < 300_000; i++) y = y.mul(1.0);
        Tensor loss = y.sum();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        long[] stoppedAt = new long[1];
        Thread t = new Thread(() -> {
            try {
                loss.backward();
            } catch (Throwable e) {
                thrown.set(e);
            }
            stoppedAt[0] = System.nanoTime();
        }, "long-backward");
        t.start();
        Thread.sleep(100);
        assertTrue(t.isAlive(), "backward finished before it could be interrupted; make the chain longer");
        long interruptedAt = System.nanoTime();
        t.interrupt();
        t.join(10_000);
        assertFalse(t.isAlive(), "backward ignored the interrupt");
        assertNotNull(thrown.get(), "an interrupted backward must raise, not finish silently");
        assertTrue((stoppedAt[0] - interruptedAt) / 1e9 < 2.0, "backward took more than 2 s to notice the interrupt");
        assertNull(x.grad(), "an interrupted backward must not have written the leaf gradient");
    }

    @Test
    void gradModeScopesNestAndRestore() {
        Tensor x = leaf(1, 2);
        assertTrue(Torch.isGradEnabled());
        try (GradMode a = Torch.noGrad()) {
            assertFalse(Torch.isGradEnabled());
            assertFalse(x.mul(2.0).requiresGrad());
            try (GradMode b = Torch.enableGrad()) {
                assertTrue(Torch.isGradEnabled());
                assertTrue(x.mul(2.0).requiresGrad());
                try (GradMode c = Torch.noGrad()) {
                    assertFalse(x.exp().requiresGrad());
                }
                assertTrue(Torch.isGradEnabled());
            }
            assertFalse(Torch.isGradEnabled());
        }
        assertTrue(Torch.isGradEnabled());
        assertTrue(x.mul(2.0).requiresGrad());
    }

    @Test
    void gradModeIsThreadConfined() throws Exception {
        Tensor x = leaf(1, 2);
        AtomicReference<Boolean> otherEnabled = new AtomicReference<>(), otherRecords = new AtomicReference<>();
        AtomicReference<Boolean> otherInNoGrad = new AtomicReference<>();
        try (GradMode g = Torch.noGrad()) {
            Thread t = new Thread(() -> {
                otherEnabled.set(Torch.isGradEnabled());
                otherRecords.set(x.mul(2.0).requiresGrad());
                try (GradMode h = Torch.noGrad()) {
                    otherInNoGrad.set(Torch.isGradEnabled());
                }
            });
            t.start();
            t.join();
            assertFalse(Torch.isGradEnabled(), "another thread's scope leaked into this one");
        }
        assertTrue(otherEnabled.get(), "noGrad on one thread switched grad off on another");
        assertTrue(otherRecords.get());
        assertFalse(otherInNoGrad.get());
        assertTrue(Torch.isGradEnabled());
    }

    @Test
    void gradModeScopeClosedOnAnotherThreadIsRefused() throws Exception {
        GradMode g = Torch.noGrad();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                g.close();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        t.join();
        g.close();
        assertTrue(thrown.get() instanceof IllegalStateException);
        assertTrue(Torch.isGradEnabled());
    }

    /** After backward (without retainGraph) the saved intermediates are released: a weak reference clears. */
    @Test
    void graphIsFreedAfterBackward() throws Exception {
        Tensor x = leaf(0.5, 1.0, 1.5);
        Tensor[] hold = new Tensor[1];
        WeakReference<Tensor> saved = makeGraph(x, hold);
        Tensor loss = hold[0];
        loss.backward();
        assertTrue(cleared(saved), "a saved intermediate survived backward: the graph was not freed");
        assertNotNull(loss.gradFn(), "the root keeps its (released) node");
    }

    /** The control: with retainGraph the same intermediate stays reachable, so the test above can fail. */
    @Test
    void retainedGraphKeepsSavedTensors() throws Exception {
        Tensor x = leaf(0.5, 1.0, 1.5);
        Tensor[] hold = new Tensor[1];
        WeakReference<Tensor> saved = makeGraph(x, hold);
        hold[0].backward(null, true);
        assertFalse(cleared(saved), "retainGraph=true must keep saved tensors");
        hold[0].backward();
    }

    /** Many training-like steps keep no graph alive from one step to the next. */
    @Test
    void noGraphGrowthAcrossSteps() throws Exception {
        Tensor w = leaf(0.1, 0.2, 0.3);
        List<WeakReference<Tensor>> refs = new java.util.ArrayList<>();
        for (int step = 0; step < 200; step++) {
            Tensor h = w.mul(2.0).add(1.0);
            Tensor a = h.tanh();
            refs.add(new WeakReference<>(h));
            Tensor loss = a.mul(h).sum();
            loss.backward();
            try (GradMode g = Torch.noGrad()) {
                w.sub_(w.grad().mul(0.01));
            }
            w.setGrad(null);
        }
        System.gc();
        int alive = 0;
        for (int tries = 0; tries < 20; tries++) {
            alive = 0;
            for (WeakReference<Tensor> r : refs) if (r.get() != null) alive++;
            if (alive == 0) break;
            System.gc();
            Thread.sleep(50);
        }
        assertEquals(0, alive, "intermediates of finished steps are still reachable");
    }

    private static WeakReference<Tensor> makeGraph(Tensor x, Tensor[] hold) {
        Tensor a = x.mul(3.0);
        Tensor b = a.sin();          // sin saves its input a
        hold[0] = b.mul(b).sum();
        return new WeakReference<>(a);
    }

    private static boolean cleared(WeakReference<?> ref) throws InterruptedException {
        for (int i = 0; i < 20 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(25);
        }
        return ref.get() == null;
    }

    // ------------------------------------------------------------------ hooks, retainGrad, leaves, anomaly mode

    @Test
    void hookReplacesGradientAndRetainGradSeesHooksRegisteredBeforeIt() {
        Tensor x = leaf(1, 2);
        Tensor h = x.mul(3.0);
        h.registerHook(g -> g.mul(10.0));
        h.retainGrad();
        h.mul(h).sum().backward();
        assertArrayEquals(new double[] {180, 360}, x.grad().toDoubleArray());
        assertArrayEquals(new double[] {60, 120}, h.grad().toDoubleArray());

        Tensor x2 = leaf(1, 2);
        Tensor h2 = x2.mul(3.0).retainGrad();
        h2.registerHook(g -> g.mul(10.0));
        h2.mul(h2).sum().backward();
        assertArrayEquals(new double[] {180, 360}, x2.grad().toDoubleArray());
        assertArrayEquals(new double[] {6, 12}, h2.grad().toDoubleArray(), "as PyTorch 1.13: later hooks do not reach .grad");
    }

    @Test
    void hookReturningNullKeepsGradientAndLeafHookScalesAccumulation() {
        Tensor x = leaf(1, 2);
        int[] calls = {0};
        x.registerHook(g -> { calls[0]++; return null; });
        x.registerHook(g -> g.mul(-1.0));
        x.mul(2.0).sum().backward();
        assertEquals(1, calls[0]);
        assertArrayEquals(new double[] {-2, -2}, x.grad().toDoubleArray());
    }

    @Test
    void gradientsAccumulateAcrossBackwardsAndSharedUses() {
        Tensor x = leaf(1, 2);
        Tensor e = x.exp();
        e.add(e).sum().backward();   // e used twice
        x.mul(x).sum().backward();
        assertArrayEquals(new double[] {2 * Math.exp(1) + 2, 2 * Math.exp(2) + 4}, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void leavesNonLeavesAndDetach() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(2.0);
        assertTrue(x.isLeaf());
        assertFalse(y.isLeaf());
        assertNotNull(y.gradFn());
        assertTrue(y.gradFn().name().contains("Mul"), y.gradFn().name());
        assertThrows(TensorError.class, () -> y.requiresGrad_(false));
        Tensor d = y.detach();
        assertTrue(d.isLeaf());
        assertFalse(d.requiresGrad());
        Tensor z = y.mul(3.0);
        z.detach_();
        assertTrue(z.isLeaf());
        assertFalse(z.requiresGrad());
        Tensor w = Torch.ones(2).toDouble();
        assertFalse(w.mul(x.detach()).requiresGrad());
        TensorError e = assertThrows(TensorError.class, () -> w.mul(2.0).retainGrad());
        assertMessage(e, "requires_grad=False");
    }

    @Test
    void anomalyModeNamesTheForwardOpAndWhereItRan() {
        Autograd.detectAnomaly(true);
        try {
            Tensor x = leaf(0.0, 1.0);
            Tensor y = x.sqrt();     // d sqrt / dx is infinite at 0
            TensorError e = assertThrows(TensorError.class, () -> y.sum().backward());
            assertMessage(e, "SqrtBackward", "nan or inf", "created:", "\n    at ");
        } finally {
            Autograd.detectAnomaly(false);
        }
        Tensor x = leaf(0.0, 1.0);
        x.sqrt().sum().backward();   // without anomaly mode: inf, as in PyTorch
        assertTrue(Double.isInfinite(x.grad().toDoubleArray()[0]));
    }

    // ------------------------------------------------------------------ PyTorch semantics pinned by small cases

    @Test
    void stdOfConstantHasZeroGradient() {
        Tensor x = leaf(1.5, 1.5, 1.5);
        x.std().backward();
        assertArrayEquals(new double[] {0, 0, 0}, x.grad().toDoubleArray());
    }

    /** PyTorch 1.13 frees only saved tensors: a graph that saved nothing can be backpropagated twice. */
    @Test
    void secondBackwardThroughGraphWithoutSavedTensors() {
        Tensor x = leaf(1, 1);
        Tensor y = x.add(1.0).sum();
        y.backward();
        y.backward();
        assertArrayEquals(new double[] {2, 2}, x.grad().toDoubleArray());
    }

    /** PyTorch 1.13 applies a leaf's hooks when accumulating into .grad, not to Autograd.grad's result. */
    @Test
    void leafHookDoesNotApplyToAutogradGrad() {
        Tensor x = leaf(1, 2);
        x.registerHook(g -> g.mul(2.0));
        Tensor y = x.mul(x).sum();
        Tensor g = Autograd.grad(List.of(y), List.of(x), null, true, false, false).get(0);
        assertArrayEquals(new double[] {2, 4}, g.toDoubleArray());
        y.backward();
        assertArrayEquals(new double[] {4, 8}, x.grad().toDoubleArray());
    }

    /** torch.autograd.grad executes only the nodes on paths to its inputs: other branches' hooks do not run. */
    @Test
    void autogradGradRunsOnlyTheNeededBranches() {
        Tensor x = leaf(1, 2), w = leaf(3, 4);
        Tensor h = w.mul(3.0).retainGrad();
        int[] calls = {0};
        h.registerHook(g -> { calls[0]++; return g; });
        Tensor y = x.mul(x).sum().add(h.sum());
        Autograd.grad(List.of(y), List.of(x), null, false, false, false);
        assertNull(h.grad());
        assertEquals(0, calls[0]);
        assertNull(w.grad());
    }

    /** PyTorch refuses the backward when an in-place op modifies the output that an earlier in-place op saved. */
    @Test
    void inPlaceAfterOutputSavingInPlaceOp() {
        Tensor x = leaf(0.5, 1.0);
        Tensor n = x.mul(1.0);
        n.tanh_();                  // TanhBackward saves its output, n
        n.mul_(2.0);
        assertThrows(TensorError.class, () -> n.sum().backward());
    }

    /** PyTorch's CopyBackwards keeps the overwritten value in the graph with a zero gradient. */
    /** As PyTorch: zero_ over an output that exp saved is caught at backward, naming ExpBackward's output. */
    @Test
    void inPlaceOverSavedOutputOfOutOfPlaceOp() {
        Tensor x = leaf(0.5, 1.0);
        Tensor y = x.exp().zero_().add(x);
        TensorError e = assertThrows(TensorError.class, () -> y.sum().backward());
        assertTrue(e.getMessage().contains("modified by an inplace operation"), e.getMessage());
    }

    /** The error names the op whose output was saved (PyTorch: "output 0 of TanhBackward0"). */
    @Test
    void inPlaceAfterInPlaceNamesTheSavingOp() {
        Tensor x = leaf(0.5, 1.0);
        Tensor n = x.mul(1.0);
        n.tanh_();
        n.mul_(2.0);
        TensorError e = assertThrows(TensorError.class, () -> n.sum().backward());
        assertTrue(e.getMessage().contains("output 0 of TanhBackward"), e.getMessage());
    }

    @Test
    void copyOverNonLeafGivesZeroGradientToOldHistory() {
        Tensor x = leaf(0.5), y = leaf(1, 1, 1);
        Tensor v = x.mul(1.0);
        v.copy_(y.sum());
        v.sum().backward();
        assertNotNull(x.grad());
        assertArrayEquals(new double[] {0}, x.grad().toDoubleArray());
        assertArrayEquals(new double[] {1, 1, 1}, y.grad().toDoubleArray());
    }

    @Test
    void stdDoubleBackwardAtZero() {
        Tensor x = Torch.tensor(new double[][] {{0.5, 1.0}, {1.5, -1.0}}, DType.FLOAT64).requiresGrad_();
        Tensor v = x.sub(x).std(0, true, true);
        Tensor gl = Autograd.grad(List.of(v.mul(v).sum()), List.of(x), null, true, true, false).get(0);
        gl.mul(gl).sum().backward();
        assertArrayEquals(new double[] {0, 0, 0, 0}, x.grad().toDoubleArray());
    }

    // ------------------------------------------------------------------ the checker checks itself

    /** A Function with a deliberately wrong backward (factor 2 on one element's gradient). */
    static final class WrongSquare extends org.tensorshell.Function {
        @Override
        public Tensor forward(Context ctx, Tensor... x) {
            ctx.saveForBackward(x[0]);
            return x[0].mul(x[0]);
        }

        @Override
        public Tensor[] backward(Context ctx, Tensor g) {
            Tensor a = ctx.savedTensors().get(0);
            Tensor scale = Torch.tensor(new double[] {2, 2, 4}, DType.FLOAT64);
            return new Tensor[] {g.mul(a).mul(scale)};
        }
    }

    @Test
    void gradcheckReportsTheWorstElement() {
        Tensor x = leaf(0.5, -1.0, 1.5);
        TensorError e = assertThrows(TensorError.class, () -> Autograd.gradcheck(v -> new WrongSquare().apply(v.get(0)), x));
        assertMessage(e, "gradcheck: Jacobian mismatch for output 0 with respect to input 0", "1 of 9 entries",
            "d output[2] / d input[2]", "numerical 3.000000000", "analytical 6.000000000");
        assertFalse(Autograd.gradcheck(v -> new WrongSquare().apply(v.get(0)), List.of(x), 1e-6, 1e-5, 1e-3, false));
        assertNull(x.grad(), "gradcheck must not touch .grad");
        assertArrayEquals(new double[] {0.5, -1.0, 1.5}, x.toDoubleArray(), "gradcheck must restore its inputs");
    }

    @Test
    void gradgradcheckCatchesAWrongSecondDerivative() {
        // first derivative right, but computed with detached data: the second derivative is lost
        class DetachedBackward extends org.tensorshell.Function {
            @Override
            public Tensor forward(Context ctx, Tensor... x) {
                ctx.saveForBackward(x[0]);
                return x[0].pow(3L);
            }

            @Override
            public Tensor[] backward(Context ctx, Tensor g) {
                Tensor a = ctx.savedTensors().get(0).detach();
                return new Tensor[] {g.mul(a).mul(a).mul(3.0)};
            }
        }
        Tensor x = leaf(0.5, -1.0, 1.5);
        assertTrue(Autograd.gradcheck(v -> new DetachedBackward().apply(v.get(0)), x));
        TensorError e = assertThrows(TensorError.class,
            () -> Autograd.gradgradcheck(v -> new DetachedBackward().apply(v.get(0)), x));
        assertMessage(e, "gradgradcheck: Jacobian mismatch", "with respect to input 0");
    }

    @Test
    void gradcheckPassesOnCorrectGradientsAndRejectsBadCalls() {
        Tensor x = leaf(0.5, -1.0, 1.5), y = leaf(2.0);
        assertTrue(Autograd.gradcheck(v -> v.get(0).mul(v.get(1)).exp(), x, y));
        assertTrue(Autograd.gradgradcheck(v -> v.get(0).mul(v.get(1)).exp(), x, y));
        assertThrows(TensorError.class, () -> Autograd.gradcheck(v -> v.get(0).exp(), Torch.ones(2).toDouble()));
        Tensor nonLeaf = x.mul(2.0);
        assertThrows(TensorError.class, () -> Autograd.gradcheck(v -> v.get(0).exp(), nonLeaf));
        assertTrue(GradCheck.gradcheck(v -> v.get(0).sum(), List.of(x), GradCheck.Options.DEFAULT));
    }

    // ------------------------------------------------------------------ gradient layout

    @Test
    void productGradientsComeInTheOperandsLayout() {
        // Linear's x @ W.t(): W's gradient comes back through .t() contiguous, like W (PyTorch's rule), and equals
        // the plain formula g^T x; the same for a transposed left operand
        Torch.manualSeed(4);
        Tensor w = Torch.randn(5, 7).requiresGrad_(), x = Torch.randn(3, 7), g = Torch.randn(3, 5);
        x.matmul(w.t()).backward(g);
        assertTrue(w.grad().isContiguous(), "W.grad strides " + java.util.Arrays.toString(w.grad().stride()));
        assertArrayEquals(g.t().matmul(x).toFloatArray(), w.grad().toFloatArray(), 1e-5f);
        Tensor bias = Torch.randn(5), v = Torch.randn(7, 3).requiresGrad_(), m = Torch.randn(7, 5);
        bias.addmm(v.t(), m).backward(g);
        assertTrue(v.grad().isContiguous());
        assertArrayEquals(m.matmul(g.t()).toFloatArray(), v.grad().toFloatArray(), 1e-5f);
        // and the plain layouts keep theirs
        Tensor p = Torch.randn(7, 5).requiresGrad_();
        x.matmul(p).backward(g);
        assertTrue(p.grad().isContiguous());
        assertArrayEquals(x.t().matmul(g).toFloatArray(), p.grad().toFloatArray(), 1e-5f);
    }
}
