package org.tensorshell;

import org.tensorshell.core.TensorError;

/**
 * In-place ops under autograd. The new value is computed out of place (so the old value's history is
 * kept), written into the tensor's storage, and the tensor takes the new value's history. Writing through
 * a view rewrites the history of its base too ({@code CopySlices}): the base's gradient flows to its old
 * history everywhere except the overwritten region, which takes the new value's gradient.
 */
final class InPlace {
    private InPlace() {}

    static void checkLeaf(Tensor t, String op) {
        if (!GradMode.isEnabled()) return;
        if (t.isLeaf() && t.requiresGrad && t.viewBase == null) {
            throw new TensorError(op + ": a leaf Variable that requires grad is being used in an in-place operation. "
                + "Wrap the update in 'try (var g = noGrad()) { ... }' or use an out-of-place op");
        }
        if (t.viewBase != null && t.viewBase.isLeaf() && t.viewBase.requiresGrad) {
            throw new TensorError(op + ": a view of a leaf Variable that requires grad is being used in an in-place "
                + "operation. Wrap the update in 'try (var g = noGrad()) { ... }' or use an out-of-place op");
        }
    }

    /** Writes {@code value} into {@code self} and gives self value's history. */
    static Tensor rebase(Tensor self, String op, Tensor value) {
        checkLeaf(self, op);
        try (GradMode g = GradMode.scope(false)) {
            self.beginInPlace(op);
            Pointwise.copyInto(self, value, op);
        }
        if (value.gradFn instanceof Node.OpNode node) node.resaveOutput(value, self);
        Tensor base = self.viewBase;
        if (base == null) {
            self.gradFn = value.gradFn;
            self.outputNr = value.outputNr;
            self.requiresGrad = false;
            return self;
        }
        // CopySlices: the base now holds the old base outside the view and value inside it.
        java.util.function.UnaryOperator<Tensor> viewFn = ViewGrad.redo(self, base);
        int[] baseShape = base.shape.clone();
        Tensor mask;
        try (GradMode g = GradMode.scope(false)) {
            mask = Torch.onesLike(base);
            viewFn.apply(mask).zero_();
        }
        Tensor oldBase = historyAlias(base);
        Tensor keep = mask;
        Tensor updated = Autograd.record("CopySlices", base.detach(), Autograd.of(oldBase, value), Autograd.NONE,
            (g, s) -> new Tensor[] {g.mul(keep), viewFn.apply(g.reshape(Shapes.toLongShape(baseShape)))});
        if (updated.gradFn != null) {
            base.gradFn = updated.gradFn;
            base.outputNr = 0;
            base.requiresGrad = false;
            Tensor fresh = viewFn.apply(base);
            self.gradFn = fresh.gradFn;
            self.outputNr = fresh.outputNr;
        }
        return self;
    }

    private static final class Shapes {
        static long[] toLongShape(int[] s) { return org.tensorshell.core.Shapes.toLong(s); }
    }

    /** A tensor that shares t's data and stands for t's history so far (t's autograd identity before an overwrite). */
    static Tensor historyAlias(Tensor t) {
        Tensor a = t.detach();
        a.gradFn = t.gradFn;
        a.outputNr = t.outputNr;
        a.requiresGrad = t.requiresGrad;
        a.accumulator = t.accumulator;
        return a;
    }
}
