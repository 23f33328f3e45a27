package org.tensorshell;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.tensorshell.core.TensorError;

/**
 * A user-defined differentiable op ({@code torch.autograd.Function}): subclass it with a forward and a
 * backward, then call {@link #apply}. The forward runs without recording; its result gets a node that
 * calls {@link #backward} with the gradient of the output.
 * <pre>{@code
 * class Exp extends Function {
 *     public Tensor forward(Context ctx, Tensor... x) { Tensor y = x[0].exp(); ctx.saveForBackward(y); return y; }
 *     public Tensor[] backward(Context ctx, Tensor g) { return new Tensor[] {g.mul(ctx.savedTensors().get(0))}; }
 * }
 * Tensor y = new Exp().apply(x);
 * }</pre>
 */
public abstract class Function {

    /** What forward leaves for backward. */
    public static final class Context {
        private final List<Tensor> saved = new ArrayList<>();
        private List<Tensor> unpacked;
        private final Set<Tensor> dirty = Collections.newSetFromMap(new IdentityHashMap<>());
        private final Set<Tensor> nonDifferentiable = Collections.newSetFromMap(new IdentityHashMap<>());
        private boolean[] needsInputGrad = new boolean[0];

        /** Keeps tensors for backward; modifying them in place before backward is an error. */
        public void saveForBackward(Tensor... tensors) {
            for (Tensor t : tensors) saved.add(t);
        }

        /** The saved tensors, checked against in-place modification (available in backward). */
        public List<Tensor> savedTensors() {
            if (unpacked == null) throw new TensorError("savedTensors: only available in backward");
            return unpacked;
        }

        /** Declares inputs that forward modified in place (they become outputs). */
        public void markDirty(Tensor... tensors) { Collections.addAll(dirty, tensors); }

        /** Declares outputs that have no gradient (such as indices). */
        public void markNonDifferentiable(Tensor... tensors) { Collections.addAll(nonDifferentiable, tensors); }

        /** Whether input i requires a gradient (backward may skip the others). */
        public boolean needsInputGrad(int i) { return i < needsInputGrad.length && needsInputGrad[i]; }
    }

    /** Computes the output from the inputs; runs with gradient recording off. */
    public abstract Tensor forward(Context ctx, Tensor... inputs);

    /** Gradients of the inputs (one per input, null where none) from the gradient of the output. */
    public abstract Tensor[] backward(Context ctx, Tensor gradOutput);

    /** Runs the op and records it for autograd. */
    public final Tensor apply(Tensor... inputs) {
        Context ctx = new Context();
        ctx.needsInputGrad = new boolean[inputs.length];
        for (int i = 0; i < inputs.length; i++) ctx.needsInputGrad[i] = inputs[i] != null && inputs[i].requiresGrad();
        Tensor out;
        try (GradMode g = GradMode.scope(false)) {
            out = forward(ctx, inputs);
        }
        if (out == null) throw new TensorError(getClass().getSimpleName() + ".forward returned null");
        if (!Autograd.needed(inputs) || ctx.nonDifferentiable.contains(out)) return out;
        boolean isInput = false;
        for (Tensor in : inputs) isInput |= in == out;
        if (isInput && ctx.dirty.contains(out)) {
            InPlace.checkLeaf(out, getClass().getSimpleName());
        } else if (isInput) {
            out = out.detach(); // an input returned unchanged: the output is a new alias of it
        }
        Tensor[] saved = ctx.saved.toArray(new Tensor[0]);
        String name = getClass().getSimpleName() + "Backward";
        int n = inputs.length;
        Autograd.record(name, out, inputs, saved, (g, s) -> {
            ctx.unpacked = java.util.Arrays.asList(s);
            Autograd.escape(g); // user code may keep it
            Tensor[] r;
            try (var user = org.tensorshell.core.Scratch.suspend()) {
                r = backward(ctx, g);
            }
            if (r == null || r.length != n) {
                throw new TensorError(name.replace("Backward", "") + ".backward returned " + (r == null ? "null" : r.length
                    + " gradients") + ", but forward took " + n + " inputs (return null entries for inputs without gradient)");
            }
            return r;
        });
        if (isInput && ctx.dirty.contains(out)) out.requiresGrad = false;
        return out;
    }
}
