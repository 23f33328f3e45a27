package org.tensorshell.display;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A picture of one or more {@link Axes} side by side, drawn with Java2D (PNG) and as hand-written SVG
 * from the same layout. Shows in a notebook as {@code image/png} + {@code image/svg+xml} (SVG only up to
 * {@value #SVG_MAX_POINTS} points) + a one-line text summary, and with {@link #interactive()} also as a
 * Vega-Lite spec for JupyterLab's interactive renderer. Setters return this, for chaining in a cell.
 */
public final class Figure implements Displayable {
    static final int SVG_MAX_POINTS = 20_000;
    private final List<Axes> axes = new ArrayList<>();
    private int width = 640, height = 400;
    private boolean interactive;

    public Figure() {}

    /** A figure with n empty axes in a row. */
    public Figure(int n) {
        for (int i = 0; i < n; i++) axes.add(new Axes());
    }

    /** The first axes (created on demand): the one that single-plot setters address. */
    public Axes axes() {
        if (axes.isEmpty()) axes.add(new Axes());
        return axes.get(0);
    }

    public Axes axes(int i) { return axes.get(i); }

    public List<Axes> allAxes() { return List.copyOf(axes); }

    public Figure add(Axes a) { axes.add(a); return this; }

    public Figure title(String t) { axes().title(t); return this; }

    public Figure xlabel(String l) { axes().xlabel(l); return this; }

    public Figure ylabel(String l) { axes().ylabel(l); return this; }

    public Figure logY() { axes().logY(true); return this; }

    public Figure logY(boolean on) { axes().logY(on); return this; }

    public Figure xlim(double lo, double hi) { axes().xlim(lo, hi); return this; }

    public Figure ylim(double lo, double hi) { axes().ylim(lo, hi); return this; }

    /** Names the series (lines, scatters, histograms) in the order they were added. */
    public Figure legend(String... labels) { axes().labels(labels); return this; }

    public Figure size(int w, int h) {
        if (w < 50 || h < 50) throw new IllegalArgumentException("Figure.size: at least 50x50 pixels, got " + w + "x" + h);
        width = w;
        height = h;
        return this;
    }

    /** Also emit a Vega-Lite spec (JupyterLab shows it interactively; PNG stays for other frontends). */
    public Figure interactive() { interactive = true; return this; }

    public int width() { return width; }

    public int height() { return height; }

    private void draw(Canvas c) {
        if (axes.isEmpty()) axes();
        double w = (double) width / axes.size();
        for (int i = 0; i < axes.size(); i++) axes.get(i).draw(c, i * w, 0, w, height);
    }

    public BufferedImage toImage() {
        Java2DCanvas c = new Java2DCanvas(width, height);
        draw(c);
        return c.finish();
    }

    public byte[] toPng() { return Png.encode(toImage(), false); }

    /** Writes the figure as PNG, or as SVG when the file name ends in {@code .svg} (matplotlib's savefig). */
    public Figure savefig(String path) {
        try {
            java.nio.file.Path p = java.nio.file.Path.of(path);
            if (path.toLowerCase(java.util.Locale.ROOT).endsWith(".svg")) java.nio.file.Files.writeString(p, toSvg());
            else java.nio.file.Files.write(p, toPng());
            return this;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("savefig: cannot write " + path, e);
        }
    }

    public String toSvg() {
        SvgCanvas c = new SvgCanvas(width, height);
        draw(c);
        return c.finish();
    }

    int points() {
        int n = 0;
        for (Axes a : axes) n += a.points();
        return n;
    }

    /** Shows this now (mid-cell in a notebook, as text on a console); returns the display id or null. */
    public String show() { return Display.show(this); }

    @Override
    public MimeBundle toMimeBundle() { return bundle(false); }

    /** The bundle; {@code fast} skips SVG and Vega-Lite and compresses less (live displays). */
    MimeBundle bundle(boolean fast) {
        BufferedImage img = toImage();
        MimeBundle.Builder b = MimeBundle.builder(toString()).png(Png.base64(img, fast), width, height);
        if (!fast && points() <= SVG_MAX_POINTS) b.svg(toSvg());
        if (!fast && interactive) b.vegaLite(VegaLite.spec(this));
        return b.build();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Figure(").append(width).append('x').append(height).append(')');
        for (Axes a : axes) {
            if (a.title != null) sb.append(" '").append(a.title).append("':");
            List<String> parts = new ArrayList<>();
            for (Series s : a.series) {
                if (s instanceof Series.Marker m && m.text() == null) continue;
                String what = switch (s) {
                    case Series.Line l -> "line" + name(l) + " " + l.x().length + " points";
                    case Series.Points p -> "scatter" + name(p) + " " + p.x().length + " points";
                    case Series.Bars h -> "hist" + name(h) + " " + h.heights().length + " bins";
                    case Series.Picture p -> "image " + p.image().getWidth() + "x" + p.image().getHeight();
                    case Series.Marker m -> "marker '" + m.text() + "'";
                };
                parts.add(what);
            }
            sb.append(' ').append(String.join(", ", parts)).append(';');
        }
        if (sb.charAt(sb.length() - 1) == ';') sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    private static String name(Series s) { return s.label() == null ? "" : " '" + s.label() + "'"; }

    /** A small Vega-Lite v5 spec of the first axes' lines, points and bars. */
    static final class VegaLite {
        private VegaLite() {}

        static Map<String, Object> spec(Figure f) {
            Axes a = f.axes();
            List<Object> values = new ArrayList<>();
            String mark = "line";
            int k = 0;
            for (Series s : a.series) {
                String name = s.label() != null ? s.label() : "series " + k;
                switch (s) {
                    case Series.Line l -> { mark = "line"; rows(values, l.x(), l.y(), name); k++; }
                    case Series.Points p -> { mark = "point"; rows(values, p.x(), p.y(), name); k++; }
                    case Series.Bars b -> {
                        mark = "bar";
                        for (int i = 0; i < b.heights().length; i++) {
                            Map<String, Object> row = new LinkedHashMap<>();
                            row.put("x", b.edges()[i]);
                            row.put("x2", b.edges()[i + 1]);
                            row.put("y", b.heights()[i]);
                            row.put("series", name);
                            values.add(row);
                        }
                        k++;
                    }
                    default -> { }
                }
            }
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("$schema", "https://vega.github.io/schema/vega-lite/v5.json");
            spec.put("width", f.width - 120);
            spec.put("height", f.height - 80);
            if (a.title != null) spec.put("title", a.title);
            spec.put("data", Map.of("values", values));
            spec.put("mark", Map.of("type", mark, "tooltip", true));
            Map<String, Object> enc = new LinkedHashMap<>();
            enc.put("x", axis("x", a.xlabel, false));
            if (mark.equals("bar")) enc.put("x2", Map.of("field", "x2"));
            enc.put("y", axis("y", a.ylabel, a.logY));
            if (k > 1) enc.put("color", Map.of("field", "series", "type", "nominal"));
            spec.put("encoding", enc);
            return spec;
        }

        private static Map<String, Object> axis(String field, String title, boolean log) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("field", field);
            m.put("type", "quantitative");
            if (title != null) m.put("title", title);
            if (log) m.put("scale", Map.of("type", "log"));
            return m;
        }

        private static void rows(List<Object> out, double[] x, double[] y, String name) {
            int n = Math.min(x.length, y.length);
            int step = Math.max(1, n / 5000);
            for (int i = 0; i < n; i += step) {
                if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) continue;
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("x", x[i]);
                row.put("y", y[i]);
                row.put("series", name);
                out.add(row);
            }
        }
    }
}
