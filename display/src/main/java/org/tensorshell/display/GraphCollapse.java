package org.tensorshell.display;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds a large graph into fewer boxes, by two deterministic rules applied in data-flow order:
 * <ol>
 *   <li><b>By module</b> (when the graph was drawn with a model): an op that consumes a parameter belongs to
 *       the module owning it ({@code d1.weight} -> {@code d1}; the first such input wins); an op that
 *       consumes none belongs to the module of its first input op that has one (so an activation after a
 *       layer joins that layer), as long as some module's parameters are used further on: the ops after the
 *       last layer (the loss, typically) belong to no module. Each module becomes one box
 *       "d1 (Linear): 3 ops, 2 params", its parameters folded in.</li>
 *   <li><b>Chains</b>: among the ops left over, a run where each op has exactly one consumer and the next
 *       has exactly one input becomes one box "12 ops".</li>
 * </ol>
 * Leaves that are not parameters of the model, and the output tensor, stay as they are. Parallel edges
 * between two boxes are drawn once.
 */
final class GraphCollapse {
    private GraphCollapse() {}

    static GraphModel collapse(GraphModel g) {
        int n = g.size();
        int[][] in = adjacency(g, true);
        int[][] out = adjacency(g, false);
        int[] order = topologicalOrder(in, out);
        assignGroups(g, in, out, order);

        GraphModel c = new GraphModel();
        int[] rep = new int[n];
        Map<String, Integer> groups = new LinkedHashMap<>();
        // per box of c that is a chain of ops: its first and last op in g, and how many ops it has
        int[] chainHead = new int[n], chainTail = new int[n], chainOps = new int[n];
        java.util.Arrays.fill(chainHead, -1);
        for (int v : order) {
            GraphModel.Box b = g.boxes.get(v);
            if (b.group != null && (b.kind == GraphModel.Kind.OP || b.kind == GraphModel.Kind.PARAM)) {
                Integer id = groups.get(b.group);
                if (id == null) {
                    id = c.add(new GraphModel.Box(GraphModel.Kind.GROUP, groupTitle(g, b.group), new ArrayList<>()));
                    groups.put(b.group, id);
                }
                rep[v] = id;
                c.boxes.get(id).ops += b.ops;
                c.boxes.get(id).params += b.params;
            } else if (b.kind == GraphModel.Kind.OP && in[v].length == 1 && chainable(g, in[v][0], out)) {
                int u = in[v][0], id = rep[u];
                rep[v] = id;
                if (chainHead[id] < 0) { // u's own box becomes a chain
                    chainHead[id] = u;
                    chainOps[id] = c.boxes.get(id).ops;
                }
                chainTail[id] = v;
                chainOps[id]++;
            } else {
                rep[v] = c.add(copy(b));
            }
        }
        for (int i = 0; i < c.size(); i++) {
            GraphModel.Box b = c.boxes.get(i);
            if (b.kind == GraphModel.Kind.GROUP) {
                b.lines.add(AutogradGraph.count(b.ops, "op") + (b.params > 0 ? ", " + AutogradGraph.count(b.params, "param") : ""));
            }
            if (chainHead[i] >= 0) {
                GraphModel.Box tail = g.boxes.get(chainTail[i]);
                List<String> lines = new ArrayList<>();
                lines.add(g.boxes.get(chainHead[i]).title + " \u2192 \u2026 \u2192 " + tail.title);
                if (!tail.lines.isEmpty() && !tail.lines.get(0).isEmpty()) lines.add(tail.lines.get(0));
                GraphModel.Box chain = new GraphModel.Box(GraphModel.Kind.CHAIN, AutogradGraph.count(chainOps[i], "op"), lines);
                chain.ops = chainOps[i];
                c.boxes.set(i, chain);
            }
        }
        Set<Long> seen = new HashSet<>();
        for (int e = 0; e < g.edgeCount(); e++) {
            int a = rep[g.from(e)], z = rep[g.to(e)];
            if (a != z && seen.add(((long) a << 32) | z)) c.edge(a, z);
        }
        return c;
    }

    /** An ungrouped op with a single consumer: the op after it may join its chain. */
    private static boolean chainable(GraphModel g, int u, int[][] out) {
        GraphModel.Box b = g.boxes.get(u);
        return b.group == null && b.kind == GraphModel.Kind.OP && out[u].length == 1;
    }

    /** {@code d1 (Linear)}; the model's own parameters go under its class name. */
    private static String groupTitle(GraphModel g, String path) {
        String type = g.moduleTypes.get(path);
        if (path.isEmpty()) return type != null ? type : "(model)";
        return type != null ? path + " (" + type + ")" : path;
    }

    private static GraphModel.Box copy(GraphModel.Box b) {
        GraphModel.Box x = new GraphModel.Box(b.kind, b.title, new ArrayList<>(b.lines));
        x.group = b.group;
        return x;
    }

    /** Ops take the module of the parameter they consume, else of their first input op that has one. */
    private static void assignGroups(GraphModel g, int[][] in, int[][] out, int[] order) {
        boolean[] feedsModule = new boolean[g.size()];
        for (int k = order.length - 1; k >= 0; k--) {
            int v = order[k];
            for (int u : in[v]) feedsModule[v] |= g.boxes.get(u).kind == GraphModel.Kind.PARAM && g.boxes.get(u).group != null;
            for (int w : out[v]) feedsModule[v] |= feedsModule[w];
        }
        for (int v : order) {
            GraphModel.Box b = g.boxes.get(v);
            if (b.kind != GraphModel.Kind.OP) continue;
            String fromParam = null, fromOp = null;
            for (int u : in[v]) {
                GraphModel.Box s = g.boxes.get(u);
                if (s.group == null) continue;
                if (s.kind == GraphModel.Kind.PARAM && fromParam == null) fromParam = s.group;
                if (s.kind == GraphModel.Kind.OP && fromOp == null) fromOp = s.group;
            }
            b.group = fromParam != null ? fromParam : feedsModule[v] ? fromOp : null;
        }
    }

    /** Sources (inputs) of each box, or targets (consumers), in edge order. */
    static int[][] adjacency(GraphModel g, boolean incoming) {
        int n = g.size();
        int[] deg = new int[n];
        for (int e = 0; e < g.edgeCount(); e++) deg[incoming ? g.to(e) : g.from(e)]++;
        int[][] adj = new int[n][];
        for (int v = 0; v < n; v++) adj[v] = new int[deg[v]];
        java.util.Arrays.fill(deg, 0);
        for (int e = 0; e < g.edgeCount(); e++) {
            int key = incoming ? g.to(e) : g.from(e), other = incoming ? g.from(e) : g.to(e);
            adj[key][deg[key]++] = other;
        }
        return adj;
    }

    /** Kahn's algorithm from the inputs to the output (an autograd graph has no cycles). */
    static int[] topologicalOrder(int[][] in, int[][] out) {
        int n = in.length;
        int[] pending = new int[n];
        int[] order = new int[n];
        int head = 0, tail = 0;
        for (int v = n - 1; v >= 0; v--) {
            pending[v] = in[v].length;
            if (pending[v] == 0) order[tail++] = v;
        }
        while (head < tail) {
            int v = order[head++];
            for (int w : out[v]) if (--pending[w] == 0) order[tail++] = w;
        }
        if (tail != n) throw new IllegalStateException("drawGraph: the autograd graph has a cycle");
        return order;
    }
}
