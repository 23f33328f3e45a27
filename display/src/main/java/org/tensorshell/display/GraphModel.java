package org.tensorshell.display;

import java.util.ArrayList;
import java.util.List;

/**
 * The picture-independent content of an autograd graph: labelled boxes and the edges between them, in
 * the direction data flows (input to op, op to op, last op to the output tensor). Built by
 * {@link GraphBuilder} from a tensor's {@code gradFn}, or by {@link GraphCollapse} from a larger model.
 */
final class GraphModel {
    enum Kind { OUTPUT, OP, LEAF, PARAM, GROUP, CHAIN }

    /**
     * One box. {@code title} is its first (bold) line, {@code lines} the rest; {@code group} is the module
     * path a collapse would fold it into (null: none); {@code ops} and {@code params} count what a collapsed
     * box stands for (1 and 0 for a plain op).
     */
    static final class Box {
        final Kind kind;
        final String title;
        final List<String> lines;
        String group;
        int ops, params;

        Box(Kind kind, String title, List<String> lines) {
            this.kind = kind;
            this.title = title;
            this.lines = lines;
            this.ops = kind == Kind.OP ? 1 : 0;
            this.params = kind == Kind.PARAM ? 1 : 0;
        }

        String label() {
            if (lines.isEmpty()) return title;
            return title + "\n" + String.join("\n", lines);
        }
    }

    final List<Box> boxes = new ArrayList<>();
    /** Module path to its class name ({@code d1 -> Linear}), for the titles of collapsed modules. */
    final java.util.Map<String, String> moduleTypes = new java.util.HashMap<>();
    /** Edges as pairs of box indices, source (producer) first: from[i] -> to[i]. */
    private int[] from = new int[16], to = new int[16];
    private int edges;

    int add(Box b) {
        boxes.add(b);
        return boxes.size() - 1;
    }

    void edge(int source, int target) {
        if (edges == from.length) {
            from = java.util.Arrays.copyOf(from, edges * 2);
            to = java.util.Arrays.copyOf(to, edges * 2);
        }
        from[edges] = source;
        to[edges] = target;
        edges++;
    }

    int size() { return boxes.size(); }

    int edgeCount() { return edges; }

    int from(int e) { return from[e]; }

    int to(int e) { return to[e]; }
}
