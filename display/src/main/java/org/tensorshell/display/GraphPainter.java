package org.tensorshell.display;

import java.awt.FontMetrics;

/**
 * Sizes the boxes of a {@link GraphModel} from their text, and draws a laid-out graph on a {@link Canvas}:
 * one routine for the PNG and the SVG. Colours follow torchviz: the output green, parameters light blue,
 * other leaves light orange, ops grey; collapsed modules lavender.
 */
final class GraphPainter {
    private GraphPainter() {}

    static final double TITLE = 12, TEXT = 11, PAD_X = 8, PAD_Y = 5, LINE = 14;
    /** Longer labels are cut with an ellipsis, so one odd name cannot make a box page-wide. */
    static final int MAX_CHARS = 48;

    private record Style(int fill, int border, double width) {}

    private static Style style(GraphModel.Kind k) {
        return switch (k) {
            case OUTPUT -> new Style(0xcaff70, 0x3c7a1e, 2.2);
            case OP -> new Style(0xececec, 0x6e6e6e, 1);
            case PARAM -> new Style(0xadd8e6, 0x2b6a8f, 1.4);
            case LEAF -> new Style(0xffe0b2, 0xb26a00, 1);
            case GROUP -> new Style(0xe6dcf5, 0x5e35b1, 1.6);
            case CHAIN -> new Style(0xf6f6f6, 0x6e6e6e, 1.6);
        };
    }

    static int fill(GraphModel.Kind k) { return style(k).fill(); }

    static String clip(String s) {
        return s.length() <= MAX_CHARS ? s : s.substring(0, MAX_CHARS - 1) + "\u2026";
    }

    /** Box widths and heights, from the fonts the PNG uses (the SVG names the same family). */
    static double[][] measure(GraphModel g) {
        FontMetrics bold = Java2DCanvas.metrics((float) TITLE, true);
        FontMetrics plain = Java2DCanvas.metrics((float) TEXT, false);
        int n = g.size();
        double[] w = new double[n], h = new double[n];
        for (int i = 0; i < n; i++) {
            GraphModel.Box b = g.boxes.get(i);
            double width = bold.stringWidth(clip(b.title));
            for (String line : b.lines) width = Math.max(width, plain.stringWidth(clip(line)));
            w[i] = Math.ceil(Math.max(36, width + 2 * PAD_X));
            h[i] = Math.ceil(2 * PAD_Y + LINE + 1 + b.lines.size() * (LINE - 1));
        }
        return new double[][] {w, h};
    }

    static void draw(Canvas c, GraphModel g, GraphLayout.Placed p, double scale) {
        for (int e = 0; e < g.edgeCount(); e++) {
            double[] xs = p.edgeXs()[e], ys = p.edgeYs()[e];
            if (xs != null) edge(c, xs, ys, scale);
        }
        for (int i = 0; i < g.size(); i++) box(c, g.boxes.get(i), p.x()[i] * scale, p.y()[i] * scale, p.w()[i] * scale, p.h()[i] * scale, scale);
    }

    private static void box(Canvas c, GraphModel.Box b, double x, double y, double w, double h, double s) {
        Style st = style(b.kind);
        c.fillRect(x, y, w, h, st.fill(), 1);
        c.strokeRect(x, y, w, h, st.border(), st.width() * s);
        double cx = x + w / 2;
        double base = y + (PAD_Y + TITLE) * s;
        c.text(clip(b.title), cx, base, TITLE * s, Canvas.Anchor.MIDDLE, true, false, 0x111111);
        for (String line : b.lines) {
            base += (LINE - 1) * s;
            c.text(clip(line), cx, base, TEXT * s, Canvas.Anchor.MIDDLE, false, false, 0x333333);
        }
    }

    private static void edge(Canvas c, double[] xs, double[] ys, double s) {
        int n = xs.length;
        double[] sx = new double[n], sy = new double[n];
        for (int i = 0; i < n; i++) {
            sx[i] = xs[i] * s;
            sy[i] = ys[i] * s;
        }
        double dx = sx[n - 1] - sx[n - 2], dy = sy[n - 1] - sy[n - 2];
        double len = Math.hypot(dx, dy);
        if (len == 0) {
            c.polyline(sx, sy, n, 0x555555, 1, 1.1 * s);
            return;
        }
        double ux = dx / len, uy = dy / len, head = 7 * s, half = 3.5 * s;
        // the line stops at the arrowhead's base, so its end does not poke through the tip
        double bx = sx[n - 1] - ux * head, by = sy[n - 1] - uy * head;
        double tipX = sx[n - 1], tipY = sy[n - 1];
        sx[n - 1] = bx;
        sy[n - 1] = by;
        c.polyline(sx, sy, n, 0x555555, 1, 1.1 * s);
        c.polygon(new double[] {tipX, bx - uy * half, bx + uy * half}, new double[] {tipY, by + ux * half, by - ux * half}, 3, 0x555555, 1);
    }
}
