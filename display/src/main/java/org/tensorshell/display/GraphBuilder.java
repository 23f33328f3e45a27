package org.tensorshell.display;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.tensorshell.DType;
import org.tensorshell.Node;
import org.tensorshell.Tensor;
import org.tensorshell.nn.Module;
import org.tensorshell.nn.Parameter;

/**
 * Reads the autograd graph behind a tensor into a {@link GraphModel}: one box per {@code gradFn} node, one
 * per leaf that receives a gradient (its {@code AccumulateGrad} node), and one for the tensor itself. The
 * walk is breadth-first with an explicit queue, so graphs of any depth are fine (no recursion), and it
 * visits each node once, so shared subgraphs appear once. Values are read now: drawing after
 * {@code backward()} shows the gradients.
 */
final class GraphBuilder {
    /** Tensors with at most this many elements show their data (and grad) inside the box. */
    static final int TINY = 4;

    private final GraphModel g = new GraphModel();
    private final Map<Tensor, String> paths = new IdentityHashMap<>();

    private GraphBuilder(Module model) {
        if (model != null) {
            for (var e : model.namedParameters().entrySet()) paths.putIfAbsent(e.getValue(), e.getKey());
            for (var e : model.namedModules().entrySet()) g.moduleTypes.put(e.getKey(), ModelSummary.typeName(e.getValue()));
        }
    }

    static GraphModel build(Tensor root, Module model) {
        return new GraphBuilder(model).walk(root);
    }

    private GraphModel walk(Tensor root) {
        List<String> lines = tensorLines(root.shape(), root.dtype(), root);
        Node fn = root.gradFn();
        if (fn == null) lines.add(root.requiresGrad() ? "leaf, requires grad" : "no autograd graph");
        int out = g.add(new GraphModel.Box(GraphModel.Kind.OUTPUT, root.gradFn() == null ? name(root) : "output", lines));
        if (fn == null) return g;
        Map<Node, Integer> ids = new IdentityHashMap<>();
        ArrayDeque<Node> pending = new ArrayDeque<>();
        int first = g.add(opBox(fn, root.shape(), root.dtype()));
        ids.put(fn, first);
        g.edge(first, out);
        pending.add(fn);
        while (!pending.isEmpty()) {
            Node n = pending.poll();
            int id = ids.get(n);
            List<Node> next = n.nextFunctions();
            for (int i = 0; i < next.size(); i++) {
                Node c = next.get(i);
                if (c == null) continue;
                Integer cid = ids.get(c);
                if (cid == null) {
                    Tensor leaf = c.variable();
                    cid = g.add(leaf != null ? leafBox(leaf) : opBox(c, n.inputShape(i), n.inputDType(i)));
                    ids.put(c, cid);
                    if (leaf == null) pending.add(c);
                }
                g.edge(cid, id);
            }
        }
        return g;
    }

    private String name(Tensor t) {
        String path = paths.get(t);
        if (path != null) return path;
        return t instanceof Parameter ? "parameter" : "leaf";
    }

    private GraphModel.Box opBox(Node n, long[] shape, DType dtype) {
        List<String> lines = new ArrayList<>(1);
        if (shape != null) lines.add(shape(shape, dtype));
        return new GraphModel.Box(GraphModel.Kind.OP, n.name(), lines);
    }

    private GraphModel.Box leafBox(Tensor t) {
        String path = paths.get(t);
        boolean param = path != null || t instanceof Parameter;
        var b = new GraphModel.Box(param ? GraphModel.Kind.PARAM : GraphModel.Kind.LEAF, name(t), tensorLines(t.shape(), t.dtype(), t));
        if (path != null) b.group = modulePath(path);
        return b;
    }

    /** {@code d1.weight} belongs to {@code d1}; a parameter of the model itself to "" (the model). */
    static String modulePath(String parameterPath) {
        int dot = parameterPath.lastIndexOf('.');
        return dot < 0 ? "" : parameterPath.substring(0, dot);
    }

    private static List<String> tensorLines(long[] shape, DType dtype, Tensor t) {
        List<String> lines = new ArrayList<>(3);
        lines.add(shape(shape, dtype));
        if (t.numel() > 0 && t.numel() <= TINY) {
            lines.add("data " + values(t));
            Tensor grad = t.grad();
            if (grad != null && grad.numel() == t.numel()) lines.add("grad " + values(grad));
        }
        return lines;
    }

    /** {@code [32, 10]}, with the dtype when it is not the default float32. */
    static String shape(long[] shape, DType dtype) {
        StringBuilder sb = new StringBuilder(java.util.Arrays.toString(shape));
        if (dtype != null && dtype != DType.FLOAT32) sb.append(' ').append(dtype.name().toLowerCase(java.util.Locale.ROOT));
        return sb.toString();
    }

    private static String values(Tensor t) {
        double[] v = Values.all(t.detach());
        if (v.length == 1 && t.dim() == 0) return NumberText.brief(v[0]);
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) sb.append(i == 0 ? "" : ", ").append(NumberText.brief(v[i]));
        return sb.append(']').toString();
    }
}
