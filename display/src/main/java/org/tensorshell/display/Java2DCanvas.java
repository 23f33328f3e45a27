package org.tensorshell.display;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/** Draws on a BufferedImage with antialiasing; the image is opaque white to start with. */
final class Java2DCanvas implements Canvas {
    static {
        Png.ensureHeadless();
    }

    private static final BufferedImage SCRATCH = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);

    private final BufferedImage image;
    private final Graphics2D g;

    Java2DCanvas(int width, int height) {
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
    }

    static synchronized FontMetrics metrics(float size, boolean bold) {
        Graphics2D sg = SCRATCH.createGraphics();
        try {
            return sg.getFontMetrics(font(size, bold));
        } finally {
            sg.dispose();
        }
    }

    static Font font(double size, boolean bold) {
        return new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) size);
    }

    BufferedImage finish() {
        g.dispose();
        return image;
    }

    private void paint(int rgb, double alpha) {
        g.setColor(new Color(rgb));
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) Math.max(0, Math.min(1, alpha))));
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, int rgb, double alpha, double width) {
        paint(rgb, alpha);
        g.setStroke(new BasicStroke((float) width));
        g.draw(new Line2D.Double(x1, y1, x2, y2));
    }

    @Override
    public void polyline(double[] xs, double[] ys, int n, int rgb, double alpha, double width) {
        paint(rgb, alpha);
        g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        // One stroked path over a jagged curve makes the rasterizer resolve every self-crossing (seconds
        // for a noisy loss curve); short runs of segments draw the same picture in milliseconds.
        Path2D.Double p = new Path2D.Double();
        boolean pen = false;
        int run = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(xs[i]) || !Double.isFinite(ys[i])) {
                pen = false;
                continue;
            }
            if (pen) p.lineTo(xs[i], ys[i]);
            else p.moveTo(xs[i], ys[i]);
            pen = true;
            if (++run == 16) {
                g.draw(p);
                p.reset();
                p.moveTo(xs[i], ys[i]);
                run = 0;
            }
        }
        g.draw(p);
    }

    @Override
    public void circle(double cx, double cy, double r, int rgb, double alpha) {
        paint(rgb, alpha);
        g.fill(new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r));
    }

    @Override
    public void polygon(double[] xs, double[] ys, int n, int rgb, double alpha) {
        paint(rgb, alpha);
        Path2D.Double p = new Path2D.Double();
        for (int i = 0; i < n; i++) {
            if (i == 0) p.moveTo(xs[i], ys[i]);
            else p.lineTo(xs[i], ys[i]);
        }
        p.closePath();
        g.fill(p);
    }

    @Override
    public void fillRect(double x, double y, double w, double h, int rgb, double alpha) {
        paint(rgb, alpha);
        g.fill(new Rectangle2D.Double(x, y, w, h));
    }

    @Override
    public void strokeRect(double x, double y, double w, double h, int rgb, double width) {
        paint(rgb, 1);
        g.setStroke(new BasicStroke((float) width));
        g.draw(new Rectangle2D.Double(x, y, w, h));
    }

    @Override
    public void text(String s, double x, double y, double size, Anchor anchor, boolean bold, boolean vertical, int rgb) {
        paint(rgb, 1);
        g.setFont(font(size, bold));
        double w = g.getFontMetrics().getStringBounds(s, g).getWidth();
        double shift = switch (anchor) {
            case START -> 0;
            case MIDDLE -> -w / 2;
            case END -> -w;
        };
        if (!vertical) {
            g.drawString(s, (float) (x + shift), (float) y);
            return;
        }
        AffineTransform saved = g.getTransform();
        g.translate(x, y);
        g.rotate(-Math.PI / 2);
        g.drawString(s, (float) shift, 0f);
        g.setTransform(saved);
    }

    @Override
    public void image(BufferedImage img, double x, double y, double w, double h) {
        g.setComposite(AlphaComposite.SrcOver);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(img, (int) Math.round(x), (int) Math.round(y), (int) Math.round(w), (int) Math.round(h), null);
    }

    @Override
    public void clip(double x, double y, double w, double h) { g.setClip(new Rectangle2D.Double(x, y, w, h)); }

    @Override
    public void unclip() { g.setClip(null); }
}
