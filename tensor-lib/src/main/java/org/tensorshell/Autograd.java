package org.tensorshell;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.tensorshell.core.Parallel;
import org.tensorshell.core.Shapes;
import org.tensorshell.core.Scratch;
import org.tensorshell.core.TensorError;

/**
 * Reverse-mode automatic differentiation: ops record {@link Node}s as they run ({@link #record}) and
 * {@link #backward} walks the graph from the outputs, iteratively (no recursion, so graphs of any depth
 * work), in dependency order.
 */
public final class Autograd {
    private Autograd() {}

    /** A backward rule: the gradients of the inputs from the gradient of the output and the saved tensors. */
    @FunctionalInterface
    interface Rule {
        Tensor[] backward(Tensor grad, Tensor[] saved);
    }

    private static volatile boolean anomaly;

    /** In anomaly mode a NaN or Inf produced in backward raises an error naming the forward op and where it ran. */
    public static void detectAnomaly(boolean on) { anomaly = on; }

    public static boolean anomalyEnabled() { return anomaly; }

    static final Tensor[] NONE = new Tensor[0];

    /** Whether an op on these inputs must record a node. */
    static boolean needed(Tensor a) {
        return a != null && a.requiresGrad() && GradMode.isEnabled();
    }

    static boolean needed(Tensor a, Tensor b) {
        return ((a != null && a.requiresGrad()) || (b != null && b.requiresGrad())) && GradMode.isEnabled();
    }

    static boolean needed(Tensor... ts) {
        if (!GradMode.isEnabled()) return false;
        for (Tensor t : ts) if (t != null && t.requiresGrad()) return true;
        return false;
    }

    /**
     * Makes {@code out} the result of a differentiable op: it gets a node whose rule maps the output's
     * gradient to the inputs' gradients. Integer and bool outputs are not differentiable and stay plain.
     */
    static Tensor record(String name, Tensor out, Tensor[] inputs, Tensor[] saved, Rule rule) {
        if (!out.dtype().isFloatingPoint() || !needed(inputs)) return out;
        out.gradFn = new Node.OpNode(name, inputs, saved, rule);
        out.outputNr = 0;
        return out;
    }

    static Tensor[] of(Tensor... ts) { return ts; }

    // ------------------------------------------------------------------ the engine

    /** {@code out.backward(gradient, retainGraph, createGraph)}. */
    static void backward(Tensor root, Tensor gradient, boolean retainGraph, boolean createGraph) {
        run(List.of(root), gradient == null ? null : List.of(gradient), retainGraph, createGraph, null, false);
    }

    /**
     * {@code torch.autograd.grad}: the gradients of {@code outputs} (weighted by {@code gradOutputs}, which
     * may be null for scalar outputs) with respect to {@code inputs}, without touching any {@code .grad}.
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs,
                                    boolean retainGraph, boolean createGraph, boolean allowUnused) {
        for (int i = 0; i < inputs.size(); i++) {
            if (!inputs.get(i).requiresGrad()) {
                throw new TensorError("grad: one of the differentiated Tensors (input " + i + ") does not require grad");
            }
        }
        Tensor[] got = run(outputs, gradOutputs, retainGraph, createGraph, inputs, allowUnused);
        return java.util.Arrays.asList(got);
    }

    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs) {
        return grad(outputs, inputs, null, false, false, false);
    }

    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, boolean createGraph) {
        return grad(outputs, inputs, null, createGraph, createGraph, false);
    }

    public static Tensor grad(Tensor output, Tensor input) {
        return grad(List.of(output), List.of(input)).get(0);
    }

    private static Tensor[] run(List<Tensor> roots, List<Tensor> rootGrads, boolean retainGraph, boolean createGraph,
                                List<Tensor> inputs, boolean allowUnused) {
        if (rootGrads != null && rootGrads.size() != roots.size()) {
            throw new TensorError("grad: got " + rootGrads.size() + " gradients for " + roots.size() + " outputs");
        }
        Map<Node, Tensor[]> buffers = new IdentityHashMap<>();
        List<Node> starts = new ArrayList<>();
        for (int i = 0; i < roots.size(); i++) {
            Tensor r = roots.get(i);
            if (!r.requiresGrad()) {
                throw new TensorError("element " + i + " of tensors does not require grad and does not have a grad_fn");
            }
            Tensor g = rootGrads == null ? null : rootGrads.get(i);
            if (g == null) {
                if (r.numel() != 1) {
                    throw new TensorError("grad can be implicitly created only for scalar outputs (output " + i
                        + " has shape " + Shapes.str(r.shape) + "); pass a gradient of that shape to backward(gradient)");
                }
                g = Torch.onesLike(r);
            } else if (!java.util.Arrays.equals(g.shape, r.shape)) {
                throw new TensorError("backward: mismatch in shape: grad_output has a shape of " + Shapes.str(g.shape)
                    + " and output has a shape of " + Shapes.str(r.shape));
            }
            Node.Edge e = r.gradientEdge();
            accumulate(buffers, e.node(), g);
            starts.add(e.node());
        }
        // Inputs of Autograd.grad: capture at their edge instead of accumulating into .grad.
        Map<Node, Integer> captureAt = new IdentityHashMap<>();
        Tensor[] captured = inputs == null ? null : new Tensor[inputs.size()];
        if (inputs != null) {
            for (int i = 0; i < inputs.size(); i++) captureAt.put(inputs.get(i).gradientEdge().node(), i);
        }
        // Count, for every reachable node, the edges that point at it.
        Map<Node, Integer> deps = new IdentityHashMap<>();
        ArrayDeque<Node> stack = new ArrayDeque<>();
        Map<Node, Boolean> seen = new IdentityHashMap<>();
        for (Node s : starts) if (seen.put(s, true) == null) stack.push(s);
        int visited = 0;
        Map<Node, List<Node>> parents = inputs == null ? null : new IdentityHashMap<>();
        while (!stack.isEmpty()) {
            if ((++visited & 1023) == 0) Parallel.checkInterrupt();
            Node n = stack.pop();
            for (Node.Edge e : n.next) {
                if (e == null) continue;
                deps.merge(e.node(), 1, Integer::sum);
                if (parents != null) parents.computeIfAbsent(e.node(), k -> new ArrayList<>(2)).add(n);
                if (seen.put(e.node(), true) == null) stack.push(e.node());
            }
        }
        // Autograd.grad runs only the nodes on a path to its inputs (no hooks fire elsewhere)
        Map<Node, Boolean> onPath = null;
        if (parents != null) {
            onPath = new IdentityHashMap<>();
            ArrayDeque<Node> up = new ArrayDeque<>(captureAt.keySet());
            while (!up.isEmpty()) {
                Node n = up.pop();
                if (onPath.put(n, true) != null) continue;
                for (Node p : parents.getOrDefault(n, List.of())) up.push(p);
            }
        }
        ArrayDeque<Node> ready = new ArrayDeque<>();
        for (Node s : starts) if (!deps.containsKey(s) && !ready.contains(s)) ready.add(s);
        // Without create_graph no gradient temporary outlives the pass unless it escapes (marked below):
        // the scratch scope hands their off-heap buffers back to the pool as soon as the pass ends.
        try (GradMode mode = GradMode.scope(createGraph); Scratch scratch = createGraph ? null : Scratch.open()) {
            while (!ready.isEmpty()) {
                Parallel.checkInterrupt();
                Node node = ready.poll();
                Tensor[] buffer = buffers.remove(node);
                if (buffer == null || (onPath != null && !onPath.containsKey(node))) {
                    // no gradient reached this node, or none is wanted from it: its inputs get none from it
                    for (Node.Edge e : node.next) {
                        if (e != null && deps.merge(e.node(), -1, Integer::sum) == 0) ready.add(e.node());
                    }
                    continue;
                }
                Tensor grad = buffer[0];
                Integer cap = captureAt.get(node);
                if (cap != null) {
                    captured[cap] = grad; // Autograd.grad returns the gradient before hooks, as PyTorch
                    escape(grad);
                }
                if (node.outputHooks != null) {
                    for (var hook : node.outputHooks) {
                        escape(grad);
                        Tensor replaced;
                        try (var user = Scratch.suspend()) {
                            replaced = hook.apply(grad);
                        }
                        if (replaced != null) grad = replaced;
                        escape(grad);
                    }
                }
                Tensor[] outs;
                if (node instanceof Node.AccumulateGrad) {
                    outs = NONE;
                    if (inputs == null) node.apply(grad);
                } else {
                    outs = node.apply(grad);
                    if (!retainGraph) node.release();
                }
                for (int i = 0; i < node.next.length && i < outs.length; i++) {
                    Node.Edge e = node.next[i];
                    Tensor g = outs[i];
                    if (e == null) continue;
                    if (g != null) {
                        g = fit(node, i, g);
                        if (anomaly) checkFinite(node, i, g);
                        accumulate(buffers, e.node(), g);
                    }
                    if (deps.merge(e.node(), -1, Integer::sum) == 0) ready.add(e.node());
                }
            }
        }
        if (captured != null) {
            for (int i = 0; i < captured.length; i++) {
                if (captured[i] == null && !allowUnused) {
                    throw new TensorError("One of the differentiated Tensors (input " + i + ", shape "
                        + Shapes.str(inputs.get(i).shape) + ") appears to not have been used in the graph. "
                        + "Set allowUnused=true if this is the desired behavior.");
                }
            }
        }
        return captured;
    }

    /** The tensor may be seen outside the backward pass: its storage is never released early. */
    static void escape(Tensor t) {
        if (t != null) t.storage.markEscaped();
    }

    private static void accumulate(Map<Node, Tensor[]> buffers, Node node, Tensor g) {
        Tensor[] b = buffers.get(node);
        if (b == null) buffers.put(node, new Tensor[] {g});
        else b[0] = b[0].add(g);
    }

    /** Gradients take the shape and dtype of the input they belong to (summing broadcast dims). */
    private static Tensor fit(Node node, int i, Tensor g) {
        Node.InputMeta m = node.meta[i];
        if (!java.util.Arrays.equals(g.shape, m.shape())) g = sumTo(g, m.shape(), node.name());
        if (g.dtype() != m.dtype()) g = g.to(m.dtype());
        return g;
    }

    /** Sums {@code g} down to {@code shape}, which it must have been broadcast from. */
    static Tensor sumTo(Tensor g, int[] shape, String op) {
        int lead = g.dim() - shape.length;
        if (lead < 0) {
            throw new TensorError(op + ": gradient of shape " + Shapes.str(g.shape) + " cannot be reduced to "
                + Shapes.str(shape));
        }
        List<Integer> dims = new ArrayList<>();
        for (int d = 0; d < g.dim(); d++) {
            if (d < lead) dims.add(d);
            else if (shape[d - lead] == 1 && g.shape[d] != 1) dims.add(d);
            else if (shape[d - lead] != g.shape[d]) {
                throw new TensorError(op + ": gradient of shape " + Shapes.str(g.shape) + " does not match input shape "
                    + Shapes.str(shape));
            }
        }
        Tensor r = g;
        if (!dims.isEmpty()) r = g.sum(dims.stream().mapToInt(Integer::intValue).toArray(), true);
        return lead > 0 || r.dim() != shape.length ? r.reshape(Shapes.toLong(shape)) : r;
    }

    private static void checkFinite(Node node, int input, Tensor g) {
        if (!g.dtype().isFloatingPoint()) return;
        boolean bad;
        try (GradMode m = GradMode.scope(false)) {
            bad = g.isnan().any().item() != 0 || g.isinf().any().item() != 0;
        }
        if (bad) {
            StringBuilder where = new StringBuilder();
            if (node.creation != null) {
                for (StackTraceElement el : node.creation.getStackTrace()) {
                    String c = el.getClassName();
                    if (c.startsWith("org.tensorshell.") && !c.startsWith("org.tensorshell.kernel")) continue;
                    where.append("\n    at ").append(el);
                    if (where.length() > 600) break;
                }
            }
            throw new TensorError("Function '" + node.name() + "' returned nan or inf values in its " + input
                + "th output (anomaly detection). The forward op was created" + (where.isEmpty()
                ? " before anomaly detection was enabled" : ":" + where));
        }
    }

    // ------------------------------------------------------------------ gradient checking (GradCheck.java)

    /** {@code torch.autograd.gradcheck}: finite differences against backward; throws TensorError with the worst element. */
    public static boolean gradcheck(java.util.function.Function<List<Tensor>, Tensor> fn, Tensor... inputs) {
        return GradCheck.gradcheck(fn, inputs);
    }

    public static boolean gradcheck(java.util.function.Function<List<Tensor>, Tensor> fn, List<Tensor> inputs,
                                    double eps, double atol, double rtol, boolean raiseException) {
        return GradCheck.gradcheck(fn, inputs, new GradCheck.Options(eps, atol, rtol, raiseException));
    }

    /** {@code torch.autograd.gradgradcheck}: gradcheck of the createGraph gradient weighted by a fixed random tensor. */
    public static boolean gradgradcheck(java.util.function.Function<List<Tensor>, Tensor> fn, Tensor... inputs) {
        return GradCheck.gradgradcheck(fn, inputs);
    }

    public static boolean gradgradcheck(java.util.function.Function<List<Tensor>, Tensor> fn, List<Tensor> inputs,
                                        double eps, double atol, double rtol, boolean raiseException) {
        return GradCheck.gradgradcheck(fn, inputs, new GradCheck.Options(eps, atol, rtol, raiseException));
    }
}
