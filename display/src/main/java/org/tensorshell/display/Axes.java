package org.tensorshell.display;

import java.util.ArrayList;
import java.util.List;

/**
 * One plot area: series, ticks and labels on both axes, a legend when several series are labelled,
 * optional log-y. Layout is computed for the pixel box it is drawn into.
 */
public final class Axes {
    private static final int GRID = 0xe8e8e8, FRAME = 0x999999, INK = 0x333333;
    final List<Series> series = new ArrayList<>();
    String title, xlabel, ylabel;
    boolean logY, invertY, legend = true;
    double[] xlim, ylim;

    public Axes title(String t) { title = t; return this; }

    public Axes xlabel(String l) { xlabel = l; return this; }

    public Axes ylabel(String l) { ylabel = l; return this; }

    public Axes logY(boolean on) { logY = on; return this; }

    public Axes xlim(double lo, double hi) { xlim = new double[] {lo, hi}; return this; }

    public Axes ylim(double lo, double hi) { ylim = new double[] {lo, hi}; return this; }

    public Axes legend(boolean on) { legend = on; return this; }

    Axes add(Series s) { series.add(s); return this; }

    /** Relabels the labelled-kind series (lines, points, bars) in order. */
    Axes labels(String... labels) {
        int k = 0;
        for (int i = 0; i < series.size() && k < labels.length; i++) {
            Series s = series.get(i);
            if (s instanceof Series.Line || s instanceof Series.Points || s instanceof Series.Bars) series.set(i, s.withLabel(labels[k++]));
        }
        return this;
    }

    int points() {
        int n = 0;
        for (Series s : series) {
            n += switch (s) {
                case Series.Line l -> l.x().length;
                case Series.Points p -> p.x().length;
                case Series.Bars b -> b.heights().length;
                case Series.Picture p -> 100_000;
                case Series.Marker m -> 1;
            };
        }
        return n;
    }

    private boolean useLog() {
        if (!logY) return false;
        for (Series s : series) {
            double[] ys = switch (s) {
                case Series.Line l -> l.y();
                case Series.Points p -> p.y();
                default -> new double[0];
            };
            for (double v : ys) if (v > 0 && Double.isFinite(v)) return true;
        }
        return false;
    }

    /** Data ranges [x0, x1, y0, y1] over every finite value (positive only on a log axis). */
    private double[] ranges(boolean log) {
        double[] r = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        boolean pictures = false, bars = false;
        for (Series s : series) {
            switch (s) {
                case Series.Line l -> extend(r, l.x(), l.y(), log);
                case Series.Points p -> extend(r, p.x(), p.y(), log);
                case Series.Bars b -> {
                    bars = true;
                    extend(r, new double[] {b.edges()[0], b.edges()[b.edges().length - 1]}, new double[] {0, 0}, log);
                    extend(r, new double[0], b.heights(), log);
                }
                case Series.Picture p -> {
                    pictures = true;
                    extend(r, new double[] {0, p.width()}, new double[] {0, p.height()}, false);
                }
                case Series.Marker m -> extend(r, new double[] {m.x()}, new double[] {m.y()}, log);
            }
        }
        if (r[0] > r[1]) { r[0] = 0; r[1] = 1; }
        if (r[2] > r[3]) { r[2] = log ? 1 : 0; r[3] = log ? 10 : 1; }
        if (!pictures && !bars) {
            double pad = r[1] > r[0] ? (r[1] - r[0]) * 0.02 : Math.max(0.5, Math.abs(r[0]) * 0.05);
            r[0] -= pad;
            r[1] += pad;
        }
        if (log) {
            r[2] /= 1.15;
            r[3] *= 1.15;
        } else if (!pictures) {
            double[] ny = Ticks.niceRange(r[2], r[3], 5);
            r[2] = ny[0];
            r[3] = ny[1];
        }
        if (xlim != null) { r[0] = xlim[0]; r[1] = xlim[1]; }
        if (ylim != null) { r[2] = ylim[0]; r[3] = ylim[1]; }
        if (!(r[1] > r[0])) r[1] = r[0] + 1;
        if (!(r[3] > r[2])) r[3] = r[2] + 1;
        return r;
    }

    private static void extend(double[] r, double[] xs, double[] ys, boolean log) {
        for (int i = 0; i < Math.max(xs.length, ys.length); i++) {
            if (i < xs.length && Double.isFinite(xs[i]) && (i >= ys.length || usable(ys[i], log))) {
                r[0] = Math.min(r[0], xs[i]);
                r[1] = Math.max(r[1], xs[i]);
            }
            if (i < ys.length && usable(ys[i], log)) {
                r[2] = Math.min(r[2], ys[i]);
                r[3] = Math.max(r[3], ys[i]);
            }
        }
    }

    private static boolean usable(double v, boolean log) { return Double.isFinite(v) && (!log || v > 0); }

    /** Draws into the pixel box (x, y, w, h), margins for ticks and labels included. */
    void draw(Canvas c, double x, double y, double w, double h) {
        boolean log = useLog();
        double[] r = ranges(log);
        double[] xt = Ticks.linear(r[0], r[1], Math.max(2, (int) (w / 90)));
        double[] yt = log ? Ticks.log(r[2], r[3]) : Ticks.linear(r[2], r[3], Math.max(2, (int) (h / 60)));
        String[] xl = Ticks.labels(xt, false), yl = Ticks.labels(yt, log);
        double labelW = 0;
        for (String s : yl) labelW = Math.max(labelW, Canvas.textWidth(s, 11));
        double top = y + (title != null ? 26 : 12);
        double left = x + 10 + labelW + (ylabel != null ? 18 : 0);
        double bottom = y + h - 22 - (xlabel != null ? 18 : 0);
        double right = x + w - 14;
        double pw = Math.max(10, right - left), ph = Math.max(10, bottom - top);
        Mapper m = new Mapper(r, log, invertY, left, top, pw, ph);

        if (title != null) c.text(title, left + pw / 2, y + 17, 13, Canvas.Anchor.MIDDLE, true, false, INK);
        for (int i = 0; i < yt.length; i++) {
            double py = m.py(yt[i]);
            c.line(left, py, left + pw, py, GRID, 1, 1);
            c.text(yl[i], left - 5, py + 4, 11, Canvas.Anchor.END, false, false, INK);
        }
        for (int i = 0; i < xt.length; i++) {
            double px = m.px(xt[i]);
            c.line(px, top, px, top + ph, GRID, 1, 1);
            c.text(xl[i], px, top + ph + 15, 11, Canvas.Anchor.MIDDLE, false, false, INK);
        }
        if (xlabel != null) c.text(xlabel, left + pw / 2, y + h - 6, 12, Canvas.Anchor.MIDDLE, false, false, INK);
        if (ylabel != null) c.text(ylabel, x + 13, top + ph / 2, 12, Canvas.Anchor.MIDDLE, false, true, INK);

        c.clip(left, top, pw, ph);
        for (Series s : series) drawSeries(c, s, m);
        c.unclip();
        c.strokeRect(left, top, pw, ph, FRAME, 1);
        if (legend) drawLegend(c, left, top, pw);
    }

    private static void drawSeries(Canvas c, Series s, Mapper m) {
        switch (s) {
            case Series.Line l -> {
                double[][] pts = Decimate.minMax(l.x(), l.y(), (int) Math.max(50, m.pw / 3));
                int n = pts[0].length;
                double[] px = new double[n], py = new double[n];
                for (int i = 0; i < n; i++) {
                    px[i] = m.px(pts[0][i]);
                    py[i] = m.py(pts[1][i]);
                }
                c.polyline(px, py, n, l.color(), l.alpha(), l.width());
            }
            case Series.Points p -> {
                for (int i = 0; i < p.x().length; i++) {
                    double px = m.px(p.x()[i]), py = m.py(p.y()[i]);
                    if (!Double.isFinite(px) || !Double.isFinite(py)) continue;
                    int col = p.classes() != null ? Colors.series(p.classes()[i]) : p.color();
                    c.circle(px, py, p.radius(), col, p.alpha());
                }
            }
            case Series.Bars b -> {
                double base = m.py(m.log ? m.r[2] : 0);
                for (int i = 0; i < b.heights().length; i++) {
                    double x0 = m.px(b.edges()[i]), x1 = m.px(b.edges()[i + 1]), top = m.py(b.heights()[i]);
                    if (!Double.isFinite(top)) continue;
                    c.fillRect(x0, Math.min(top, base), Math.max(0.5, x1 - x0 - 0.5), Math.abs(base - top), b.color(), b.alpha());
                }
            }
            case Series.Picture p -> {
                double x0 = m.px(0), x1 = m.px(p.width()), y0 = m.py(0), y1 = m.py(p.height());
                c.image(p.image(), Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0));
            }
            case Series.Marker mk -> {
                double px = m.px(mk.x()), py = m.py(mk.y());
                if (!Double.isFinite(px) || !Double.isFinite(py)) return;
                c.circle(px, py, mk.radius() + 1, 0xffffff, 1);
                c.circle(px, py, mk.radius(), mk.color(), 1);
                if (mk.text() != null) {
                    boolean leftSide = px > m.left + m.pw * 0.7;
                    c.text(mk.text(), px + (leftSide ? -8 : 8), py - 8, 11, leftSide ? Canvas.Anchor.END : Canvas.Anchor.START,
                        true, false, mk.color());
                }
            }
        }
    }

    private void drawLegend(Canvas c, double left, double top, double pw) {
        List<Series> labelled = series.stream().filter(s -> s.label() != null && !s.label().isEmpty()).toList();
        if (labelled.size() < 2) return;
        double tw = 0;
        for (Series s : labelled) tw = Math.max(tw, Canvas.textWidth(s.label(), 11));
        double bw = tw + 36, bh = labelled.size() * 16 + 8;
        double bx = left + pw - bw - 8, by = top + 8;
        c.fillRect(bx, by, bw, bh, 0xffffff, 0.85);
        c.strokeRect(bx, by, bw, bh, 0xcccccc, 1);
        for (int i = 0; i < labelled.size(); i++) {
            Series s = labelled.get(i);
            double ly = by + 12 + i * 16;
            switch (s) {
                case Series.Line l -> c.line(bx + 6, ly - 4, bx + 24, ly - 4, l.color(), Math.max(0.6, l.alpha()), Math.max(2, l.width()));
                case Series.Points p -> c.circle(bx + 15, ly - 4, 4, p.color(), 1);
                case Series.Bars b -> c.fillRect(bx + 8, ly - 9, 14, 10, b.color(), b.alpha());
                default -> { }
            }
            c.text(s.label(), bx + 30, ly, 11, Canvas.Anchor.START, false, false, INK);
        }
    }

    /** Data to pixel coordinates. */
    private static final class Mapper {
        final double[] r;
        final boolean log, invert;
        final double left, top, pw, ph;

        Mapper(double[] r, boolean log, boolean invert, double left, double top, double pw, double ph) {
            this.r = r;
            this.log = log;
            this.invert = invert;
            this.left = left;
            this.top = top;
            this.pw = pw;
            this.ph = ph;
        }

        double px(double x) { return left + (x - r[0]) / (r[1] - r[0]) * pw; }

        double py(double y) {
            double f = log ? (Math.log10(y) - Math.log10(r[2])) / (Math.log10(r[3]) - Math.log10(r[2])) : (y - r[2]) / (r[3] - r[2]);
            if (log && !(y > 0)) return Double.NaN;
            return invert ? top + f * ph : top + ph - f * ph;
        }
    }
}
