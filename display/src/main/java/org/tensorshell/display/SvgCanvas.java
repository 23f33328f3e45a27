package org.tensorshell.display;

import java.awt.image.BufferedImage;
import java.util.Locale;

/** Writes the drawing as a standalone SVG document (no scripts, no style elements). */
final class SvgCanvas implements Canvas {
    private final StringBuilder sb = new StringBuilder(16 * 1024);
    private final int width, height;
    private int clips;
    // Inline SVGs share one HTML document: clip ids must not collide across figures.
    private final String idPrefix = "ts" + Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & 0xffffffffL, 36) + "c";
    private boolean clipped;

    SvgCanvas(int width, int height) {
        this.width = width;
        this.height = height;
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
            .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
            .append("\" font-family=\"sans-serif\">\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    }

    String finish() {
        unclip();
        return sb.append("</svg>\n").toString();
    }

    private static String n(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private void paint(String attr, int rgb, double alpha) {
        sb.append(' ').append(attr).append("=\"").append(Html.hex(rgb)).append('"');
        if (alpha < 1) sb.append(' ').append(attr).append("-opacity=\"").append(n(alpha)).append('"');
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, int rgb, double alpha, double width) {
        sb.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
            .append("\" y2=\"").append(n(y2)).append('"');
        paint("stroke", rgb, alpha);
        sb.append(" stroke-width=\"").append(n(width)).append("\"/>\n");
    }

    @Override
    public void polyline(double[] xs, double[] ys, int n, int rgb, double alpha, double width) {
        sb.append("<path fill=\"none\"");
        paint("stroke", rgb, alpha);
        sb.append(" stroke-width=\"").append(n(width)).append("\" stroke-linejoin=\"round\" d=\"");
        boolean pen = false;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(xs[i]) || !Double.isFinite(ys[i])) {
                pen = false;
                continue;
            }
            sb.append(pen ? 'L' : 'M').append(n(xs[i])).append(',').append(n(ys[i]));
            pen = true;
        }
        sb.append("\"/>\n");
    }

    @Override
    public void circle(double cx, double cy, double r, int rgb, double alpha) {
        sb.append("<circle cx=\"").append(n(cx)).append("\" cy=\"").append(n(cy)).append("\" r=\"").append(n(r)).append('"');
        paint("fill", rgb, alpha);
        sb.append("/>\n");
    }

    @Override
    public void polygon(double[] xs, double[] ys, int n, int rgb, double alpha) {
        sb.append("<polygon points=\"");
        for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : " ").append(n(xs[i])).append(',').append(n(ys[i]));
        sb.append('"');
        paint("fill", rgb, alpha);
        sb.append("/>\n");
    }

    @Override
    public void fillRect(double x, double y, double w, double h, int rgb, double alpha) {
        sb.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
            .append("\" height=\"").append(n(h)).append('"');
        paint("fill", rgb, alpha);
        sb.append("/>\n");
    }

    @Override
    public void strokeRect(double x, double y, double w, double h, int rgb, double width) {
        sb.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
            .append("\" height=\"").append(n(h)).append("\" fill=\"none\"");
        paint("stroke", rgb, 1);
        sb.append(" stroke-width=\"").append(n(width)).append("\"/>\n");
    }

    @Override
    public void text(String s, double x, double y, double size, Anchor anchor, boolean bold, boolean vertical, int rgb) {
        String a = switch (anchor) {
            case START -> "start";
            case MIDDLE -> "middle";
            case END -> "end";
        };
        sb.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" font-size=\"").append(n(size))
            .append("\" text-anchor=\"").append(a).append('"');
        if (bold) sb.append(" font-weight=\"bold\"");
        if (vertical) sb.append(" transform=\"rotate(-90 ").append(n(x)).append(' ').append(n(y)).append(")\"");
        paint("fill", rgb, 1);
        sb.append('>').append(Html.escape(s)).append("</text>\n");
    }

    @Override
    public void image(BufferedImage img, double x, double y, double w, double h) {
        sb.append("<image x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
            .append("\" height=\"").append(n(h)).append("\" preserveAspectRatio=\"none\" image-rendering=\"pixelated\" href=\"data:image/png;base64,")
            .append(Png.base64(img)).append("\"/>\n");
    }

    @Override
    public void clip(double x, double y, double w, double h) {
        unclip();
        String id = idPrefix + (clips++);
        sb.append("<clipPath id=\"").append(id).append("\"><rect x=\"").append(n(x)).append("\" y=\"").append(n(y))
            .append("\" width=\"").append(n(w)).append("\" height=\"").append(n(h)).append("\"/></clipPath>\n<g clip-path=\"url(#")
            .append(id).append(")\">\n");
        clipped = true;
    }

    @Override
    public void unclip() {
        if (clipped) sb.append("</g>\n");
        clipped = false;
    }

    int width() { return width; }

    int height() { return height; }
}
