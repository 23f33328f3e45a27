package org.tensorshell.display;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.tensorshell.Tensor;
import org.tensorshell.nn.Module;

/**
 * The autograd graph that produced a tensor, drawn like micrograd's {@code draw_dot} or torchviz: grey op
 * boxes ({@code gradFn} names with their output shape), leaf tensors (parameters in blue, labelled with
 * their module path when a model is given; other leaves in orange), the tensor itself in green. Data flows
 * top to bottom: inputs and parameters at the top, the output (usually the loss) at the bottom. Tensors with
 * at most {@value GraphBuilder#TINY} elements show their data and grad.
 *
 * <p>Graphs with more than {@link #collapseAbove(int) collapseAbove} boxes (default
 * {@value #DEFAULT_COLLAPSE_ABOVE}) are drawn collapsed, one box per module and one per chain of ops (see
 * {@link GraphCollapse} for the rule). If even the collapsed graph has more than {@value #MAX_DRAWN} boxes
 * the picture only says so; {@link #toDot()} always has the whole graph, for Graphviz.
 *
 * <p>The graph is read when this is created (iteratively, in time linear in its size: a 100,000-op chain
 * reads in well under a second and draws as one chain box); layout and pictures are made on first use and
 * kept. The first drawing in a JVM loads ELK (a few seconds); later ones take a small fraction of a second
 * for a few hundred boxes.
 */
public final class AutogradGraph implements Displayable {
    public static final int DEFAULT_COLLAPSE_ABOVE = 400;
    /** Beyond this many boxes a layout takes seconds and the picture is unreadable anyway. */
    public static final int MAX_DRAWN = 1500;
    /** Pictures larger than this many pixels are drawn scaled down to fit it. */
    static final double MAX_PIXELS = 24e6;

    private final GraphModel full;
    private int collapseAbove = DEFAULT_COLLAPSE_ABOVE;
    private GraphModel drawn;
    private GraphLayout.Placed placed;
    private String svg;
    private BufferedImage image;
    private byte[] pngBytes;

    private AutogradGraph(GraphModel full) { this.full = full; }

    /** The graph behind {@code t}; leaves are named "leaf" or "parameter". */
    public static AutogradGraph of(Tensor t) { return of(t, null); }

    /** The graph behind {@code t}, parameters named by their path in {@code model} ({@code d1.weight}). */
    public static AutogradGraph of(Tensor t, Module model) {
        if (t == null) throw new IllegalArgumentException("drawGraph: the tensor is null");
        return new AutogradGraph(GraphBuilder.build(t, model));
    }

    /** Draws collapsed when the graph has more than {@code boxes} boxes (0: always, MAX_VALUE: never). */
    public AutogradGraph collapseAbove(int boxes) {
        if (boxes < 0) throw new IllegalArgumentException("drawGraph: collapseAbove must be >= 0, got " + boxes);
        collapseAbove = boxes;
        drawn = null;
        placed = null;
        svg = null;
        image = null;
        pngBytes = null;
        return this;
    }

    /** Boxes in the whole graph: ops, leaves and the output tensor. */
    public int nodeCount() { return full.size(); }

    public int edgeCount() { return full.edgeCount(); }

    /** Boxes in the picture (fewer than {@link #nodeCount()} when collapsed). */
    public int drawnNodeCount() { return drawn().size(); }

    public int drawnEdgeCount() { return drawn().edgeCount(); }

    public boolean collapsed() { return drawn() != full; }

    /** The whole graph in Graphviz DOT (never collapsed): {@code dot -Tsvg graph.dot}. */
    public String toDot() { return toDot(full); }

    /** The graph as drawn (collapsed or not) in Graphviz DOT. */
    public String toDrawnDot() { return toDot(drawn()); }

    public String svg() {
        if (svg == null) {
            GraphLayout.Placed p = placed();
            SvgCanvas c = new SvgCanvas(pixels(p.width()), pixels(p.height()));
            GraphPainter.draw(c, drawn(), p, 1);
            svg = c.finish();
        }
        return svg;
    }

    public BufferedImage image() {
        if (image == null) {
            GraphLayout.Placed p = placed();
            double scale = Math.min(1, Math.sqrt(MAX_PIXELS / Math.max(1, p.width() * p.height())));
            Java2DCanvas c = new Java2DCanvas(pixels(p.width() * scale), pixels(p.height() * scale));
            GraphPainter.draw(c, drawn(), p, scale);
            image = c.finish();
        }
        return image;
    }

    public byte[] png() { return pngBytes().clone(); }

    private byte[] pngBytes() {
        if (pngBytes == null) pngBytes = Png.encode(image(), true);
        return pngBytes;
    }

    /** Writes SVG ({@code .svg}), DOT ({@code .dot}, {@code .gv}) or PNG (anything else). */
    public AutogradGraph save(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        try {
            if (lower.endsWith(".svg")) Files.writeString(Path.of(path), svg());
            else if (lower.endsWith(".dot") || lower.endsWith(".gv")) Files.writeString(Path.of(path), toDot());
            else Files.write(Path.of(path), pngBytes());
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("drawGraph: cannot write " + path, e);
        }
    }

    /** Shows this now (mid-cell in a notebook, as text on a console); returns the display id or null. */
    public String show() { return Display.show(this); }

    @Override
    public MimeBundle toMimeBundle() {
        BufferedImage img = image();
        String png = java.util.Base64.getEncoder().encodeToString(pngBytes());
        String html = "<div>" + Png.imgTag(png, img.getWidth(), img.getHeight(), toString()) + "</div>";
        return MimeBundle.builder(toString()).png(png, img.getWidth(), img.getHeight()).svg(svg()).html(html).build();
    }

    @Override
    public String toString() {
        String s = "AutogradGraph(" + count(nodeCount(), "node") + ", " + count(edgeCount(), "edge");
        GraphModel d = drawn();
        if (d != full) s += "; drawn collapsed as " + count(d.size(), "box") + ", " + count(d.edgeCount(), "edge");
        return s + ")";
    }

    static String count(int k, String what) {
        return k + " " + what + (k == 1 ? "" : what.endsWith("x") ? "es" : "s");
    }

    private GraphModel drawn() {
        if (drawn == null) {
            GraphModel d = full.size() > collapseAbove ? GraphCollapse.collapse(full) : full;
            drawn = d.size() > MAX_DRAWN ? tooLarge(d) : d;
        }
        return drawn;
    }

    private GraphModel tooLarge(GraphModel collapsedModel) {
        GraphModel g = new GraphModel();
        g.add(new GraphModel.Box(GraphModel.Kind.CHAIN, "graph too large to draw", new java.util.ArrayList<>(java.util.List.of(
            count(full.size(), "node") + ", " + count(collapsedModel.size(), "box") + " after collapsing",
            "limit " + MAX_DRAWN + " boxes; toDot() has the whole graph"))));
        return g;
    }

    private GraphLayout.Placed placed() {
        if (placed == null) {
            GraphModel d = drawn();
            double[][] wh = GraphPainter.measure(d);
            placed = GraphLayout.layout(d, wh[0], wh[1]);
        }
        return placed;
    }

    private static int pixels(double v) { return Math.max(1, (int) Math.ceil(v)); }

    static String toDot(GraphModel g) {
        StringBuilder sb = new StringBuilder(64 + 48 * g.size());
        sb.append("digraph autograd {\n  graph [rankdir=TB];\n  node [shape=box, style=filled, fontname=\"Helvetica\", fontsize=11];\n");
        var fills = new java.util.EnumMap<GraphModel.Kind, String>(GraphModel.Kind.class);
        for (GraphModel.Kind k : GraphModel.Kind.values()) fills.put(k, Html.hex(GraphPainter.fill(k)));
        for (int i = 0; i < g.size(); i++) {
            GraphModel.Box b = g.boxes.get(i);
            sb.append("  n").append(i).append(" [label=\"").append(dotEscape(b.label())).append("\", fillcolor=\"")
                .append(fills.get(b.kind)).append('"');
            if (b.kind == GraphModel.Kind.OUTPUT) sb.append(", penwidth=2");
            sb.append("];\n");
        }
        for (int e = 0; e < g.edgeCount(); e++) sb.append("  n").append(g.from(e)).append(" -> n").append(g.to(e)).append(";\n");
        return sb.append("}\n").toString();
    }

    /** A DOT double-quoted string: backslash and quote escaped, line breaks as {@code \n}. */
    static String dotEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> { }
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
