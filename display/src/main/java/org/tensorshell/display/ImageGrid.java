package org.tensorshell.display;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import org.tensorshell.DType;
import org.tensorshell.Tensor;
import org.tensorshell.core.TensorError;

/**
 * A grid of images from a tensor, drawn as one PNG with an optional label under each image.
 *
 * <p>Accepted shapes: {@code [H, W]} (one grey image), {@code [C, H, W]} with C in {1, 3} (one image),
 * {@code [N, H, W]} otherwise (N grey images), {@code [N, C, H, W]} with C in {1, 3}. Values: floats in
 * [0, 1] and integers in [0, 255] map directly; anything else is scaled min-max over the whole tensor.
 * At most {@link #MAX_IMAGES} images are drawn; small images are enlarged (nearest neighbour).
 */
public final class ImageGrid implements Displayable {
    public static final int MAX_IMAGES = 100;
    private static final int LABEL_HEIGHT = 16;
    private static final int GAP = 4;

    private final Tensor images;
    private final int n, c, h, w, total;
    private final List<String> labels;
    private final int columns;
    private final int scale;

    ImageGrid(Tensor t, List<String> labels, int columns) {
        Png.ensureHeadless();
        t = t.detach(); // pictures read values only: no autograd graph
        long[] s = t.shape();
        Tensor x = switch (s.length) {
            case 2 -> t.unsqueeze(0).unsqueeze(0);
            case 3 -> s[0] == 1 || s[0] == 3 ? t.unsqueeze(0) : t.unsqueeze(1);
            case 4 -> t;
            default -> throw new TensorError("showImages: expected [H, W], [C, H, W], [N, H, W] or [N, C, H, W], got "
                + java.util.Arrays.toString(s));
        };
        long[] xs = x.shape();
        if (xs[1] != 1 && xs[1] != 3) {
            throw new TensorError("showImages: " + java.util.Arrays.toString(s) + " has " + xs[1]
                + " channels; images need 1 (grey) or 3 (RGB) channels");
        }
        if (x.numel() == 0) throw new TensorError("showImages: " + java.util.Arrays.toString(s) + " has no pixels");
        if (t.dtype() == DType.BOOL) x = x.to(DType.INT64).mul(255L);
        total = (int) xs[0];
        n = Math.min(total, MAX_IMAGES);
        c = (int) xs[1];
        h = (int) xs[2];
        w = (int) xs[3];
        images = x.narrow(0, 0, n);
        this.labels = labels == null ? List.of() : List.copyOf(labels);
        if (!this.labels.isEmpty() && this.labels.size() < n) {
            throw new TensorError("showImages: " + this.labels.size() + " labels for " + n + " images");
        }
        this.columns = columns > 0 ? Math.min(columns, n) : Math.min(n, n <= 16 ? 8 : 10);
        int side = Math.max(h, w);
        this.scale = Math.max(1, Math.min(8, (int) Math.ceil(64.0 / side)));
    }

    /** The grid as one image. */
    public BufferedImage image() {
        double[] range = range();
        double lo = range[0], hi = range[1];
        int cw = w * scale, ch = h * scale;
        int labelH = labels.isEmpty() ? 0 : LABEL_HEIGHT;
        int rows = (n + columns - 1) / columns;
        int width = columns * cw + (columns + 1) * GAP;
        int height = rows * (ch + labelH) + (rows + 1) * GAP;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i < n; i++) {
            int x0 = GAP + (i % columns) * (cw + GAP);
            int y0 = GAP + (i / columns) * (ch + labelH + GAP);
            drawImage(out, Values.all(images.select(0, i)), x0, y0, lo, hi);
            if (labelH > 0) {
                String label = fit(labels.get(i), fm, cw + GAP);
                g.setColor(Color.DARK_GRAY);
                g.drawString(label, x0 + (cw - fm.stringWidth(label)) / 2, y0 + ch + fm.getAscent() + 1);
            }
        }
        g.dispose();
        return out;
    }

    /** The first image alone, one pixel per value (for {@link Plots#imshow}). */
    BufferedImage single() {
        double[] range = range();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        drawImage(out, Values.all(images.select(0, 0)), 0, 0, range[0], range[1], 1);
        return out;
    }

    /** Values mapped to black..white: [0, 1] floats and [0, 255] ints as they are, others min-max. */
    private double[] range() {
        TensorStats st = TensorStats.of(images);
        if (images.dtype().isFloatingPoint() && st.within(0, 1)) return new double[] {0, 1};
        if (!images.dtype().isFloatingPoint() && st.within(0, 255)) return new double[] {0, 255};
        return new double[] {st.min(), st.max() > st.min() ? st.max() : st.min() + 1};
    }

    private void drawImage(BufferedImage out, double[] px, int x0, int y0, double lo, double hi) {
        drawImage(out, px, x0, y0, lo, hi, scale);
    }

    private void drawImage(BufferedImage out, double[] px, int x0, int y0, double lo, double hi, int scale) {
        int plane = h * w;
        double k = 255.0 / (hi - lo);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                int r = level(px[p], lo, k);
                int rgb = c == 1 ? (r << 16) | (r << 8) | r
                    : (r << 16) | (level(px[plane + p], lo, k) << 8) | level(px[2 * plane + p], lo, k);
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) out.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
                }
            }
        }
    }

    private static int level(double v, double lo, double k) {
        if (Double.isNaN(v)) return 0;
        return (int) Math.max(0, Math.min(255, Math.round((v - lo) * k)));
    }

    private static String fit(String s, FontMetrics fm, int width) {
        if (fm.stringWidth(s) <= width) return s;
        while (s.length() > 1 && fm.stringWidth(s + "…") > width) s = s.substring(0, s.length() - 1);
        return s + "…";
    }

    /** The images' count and geometry, e.g. {@code 16 images 1x28x28}. */
    public String description() {
        String what = (n == 1 ? "1 image " : n + " images ") + c + "x" + h + "x" + w;
        return total > n ? what + " (first " + n + " of " + total + ")" : what;
    }

    /** Shows this now (mid-cell in a notebook, as text on a console); returns the display id or null. */
    public String show() { return Display.show(this); }

    @Override
    public MimeBundle toMimeBundle() {
        BufferedImage img = image();
        return MimeBundle.builder("ImageGrid(" + description() + ")").png(Png.base64(img), img.getWidth(), img.getHeight()).build();
    }

    @Override
    public String toString() { return "ImageGrid(" + description() + ")"; }
}
