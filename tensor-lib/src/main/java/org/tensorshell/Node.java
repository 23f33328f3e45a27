package org.tensorshell;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.tensorshell.core.TensorError;

/**
 * A node of the autograd graph ({@code grad_fn}): it turns the gradient of its output into gradients of
 * its inputs. Ops create one when they run with grad mode on and an input requires grad.
 */
public abstract class Node {
    /** Where an input's gradient goes: a node and which of its outputs the input was. */
    record Edge(Node node, int inputNr) {}

    /** Shape and dtype of a differentiable input: the engine reduces and casts gradients to them. */
    record InputMeta(int[] shape, DType dtype) {}

    private final String name;
    final Edge[] next;
    final InputMeta[] meta;
    /** Hooks on this node's output, i.e. on the tensor it produced (registerHook, retainGrad). */
    List<UnaryOperator<Tensor>> outputHooks;
    /** Where the forward ran, kept in anomaly mode to name it when backward goes wrong. */
    final Throwable creation;

    Node(String name, Tensor[] inputs) {
        this.name = name;
        this.next = new Edge[inputs.length];
        this.meta = new InputMeta[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            if (t != null && t.requiresGrad()) {
                next[i] = t.gradientEdge();
                meta[i] = new InputMeta(t.shape, t.dtype());
            }
        }
        this.creation = Autograd.anomalyEnabled() ? new Throwable("forward of " + name) : null;
    }

    /** Gradients for each input (null where none flows), given the gradient of the output. */
    abstract Tensor[] apply(Tensor grad);

    /** Frees what the node saved for backward; a second backward then fails with PyTorch's message. */
    void release() {}

    /** The op's name, e.g. {@code MulBackward}. */
    public String name() { return name; }

    /** The nodes this one sends gradients to (null entries for inputs that do not require grad). */
    public List<Node> nextFunctions() {
        List<Node> out = new ArrayList<>();
        for (Edge e : next) out.add(e == null ? null : e.node());
        return out;
    }

    /**
     * The shape input {@code i} had when the forward ran (a copy), or null where that input does not
     * require grad. Read-only introspection, e.g. for drawing the graph.
     */
    public long[] inputShape(int i) {
        InputMeta m = meta[i];
        if (m == null) return null;
        return org.tensorshell.core.Shapes.toLong(m.shape());
    }

    /** The dtype input {@code i} had when the forward ran, or null where that input does not require grad. */
    public DType inputDType(int i) {
        InputMeta m = meta[i];
        return m == null ? null : m.dtype();
    }

    /** For an {@code AccumulateGrad} node, the leaf whose {@code grad} it fills (PyTorch's {@code variable}); else null. */
    public Tensor variable() { return null; }

    void addOutputHook(UnaryOperator<Tensor> hook) {
        if (outputHooks == null) outputHooks = new ArrayList<>(2);
        outputHooks.add(hook);
    }

    @Override
    public String toString() { return "<" + name + ">"; }

    /** An op's node: a backward rule over the tensors the forward saved. */
    static final class OpNode extends Node {
        private final Autograd.Rule rule;
        private Tensor[] saved;
        private int[] versions;
        private boolean released;
        private final boolean savedAny;
        /** For outputs saved through {@link #resaveOutput}: the node they were an output of when saved. */
        private boolean[] resaved;

        OpNode(String name, Tensor[] inputs, Tensor[] saved, Autograd.Rule rule) {
            super(name, inputs);
            this.rule = rule;
            this.saved = saved;
            boolean any = false;
            for (Tensor t : saved) any |= t != null;
            this.savedAny = any;
            this.versions = new int[saved.length];
            for (int i = 0; i < saved.length; i++) versions[i] = saved[i] == null ? 0 : saved[i].version();
        }

        @Override
        Tensor[] apply(Tensor grad) {
            if (released && savedAny) { // a node that saved nothing can run again, as in PyTorch
                throw new TensorError("Trying to backward through the graph a second time (or directly access saved "
                    + "tensors after they have already been freed). Saved intermediate values of the graph are freed "
                    + "when you call backward() or Autograd.grad(). Specify retainGraph=true if you need to backward "
                    + "through the graph a second time or if you need to access saved tensors after calling backward. "
                    + "(node: " + name() + ")");
            }
            for (int i = 0; i < saved.length; i++) {
                Tensor s = saved[i];
                if (s != null && s.version() != versions[i]) {
                    throw new TensorError("one of the variables needed for gradient computation has been modified by an "
                        + "inplace operation: [" + s.dtype() + " " + Arrays.toString(s.shape) + "], which is "
                        + (resaved != null && resaved[i] ? "output 0 of " + name()
                            : s.gradFn != null ? "output " + s.outputNr + " of " + s.gradFn.name() : "a leaf or input")
                        + ", is at version " + s.version() + "; expected version " + versions[i] + " instead. "
                        + "(saved by " + name() + ")");
                }
            }
            return rule.backward(grad, saved);
        }

        /**
         * An in-place op computed {@code result} out of place and copied it into {@code self}: where this node
         * saved the result, it saves {@code self} at its current version instead, as PyTorch does, so a later
         * in-place change of {@code self} is reported at backward (and the separate result can be freed).
         */
        void resaveOutput(Tensor result, Tensor self) {
            if (saved == null) return;
            for (int i = 0; i < saved.length; i++) {
                if (saved[i] == result) {
                    saved[i] = self;
                    versions[i] = self.version();
                    if (resaved == null) resaved = new boolean[saved.length];
                    resaved[i] = true;
                }
            }
        }

        @Override
        void release() {
            released = true;
            if (savedAny) {
                saved = null;
                versions = null;
                resaved = null;
            }
        }
    }

    /** The sink of a leaf that requires grad: adds incoming gradients to its {@code grad}. */
    static final class AccumulateGrad extends Node {
        final Tensor variable;

        AccumulateGrad(Tensor variable) {
            super("AccumulateGrad", new Tensor[0]);
            this.variable = variable;
        }

        @Override
        public Tensor variable() { return variable; }

        @Override
        Tensor[] apply(Tensor grad) {
            Tensor g = grad;
            if (variable.grad == null) {
                // keep an owned copy unless the incoming gradient is already a fresh, unshared tensor
                variable.grad = GradMode.isEnabled() ? g : g.detachedCopy();
            } else if (GradMode.isEnabled()) {
                variable.grad = variable.grad.add(g); // create_graph: keep the sum differentiable
            } else {
                variable.grad = variable.grad.detach();
                variable.grad.add_(g);
            }
            Autograd.escape(variable.grad);
            return new Tensor[0];
        }
    }
}
