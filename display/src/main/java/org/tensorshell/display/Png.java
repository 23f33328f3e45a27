package org.tensorshell.display;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;

/** PNG encoding for bundles; makes sure AWT runs headless before any image class loads a toolkit. */
public final class Png {
    static {
        ensureHeadless();
    }

    private Png() {}

    /** Java2D must never try to open a window: notebook kernels and CI machines have no display. */
    static void ensureHeadless() {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    /** The image as PNG bytes. {@code fast} trades file size for speed (live displays). */
    public static byte[] encode(BufferedImage image, boolean fast) {
        if (fast && QuickPng.supports(image)) return QuickPng.encode(image);
        try (var out = new ByteArrayOutputStream(64 * 1024); var ios = ImageIO.createImageOutputStream(out)) {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
            try {
                ImageWriteParam p = writer.getDefaultWriteParam();
                if (p.canWriteCompressed()) {
                    p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                    // PNG writer: quality 1.0 = no deflate effort, 0.0 = maximum; 0.5 is the default level.
                    p.setCompressionQuality(fast ? 0.9f : 0.5f);
                }
                writer.setOutput(ios);
                writer.write(null, new IIOImage(image, null, null), p);
            } finally {
                writer.dispose();
            }
            ios.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("png: encoding a " + image.getWidth() + "x" + image.getHeight() + " image failed", e);
        }
    }

    public static String base64(BufferedImage image) { return Base64.getEncoder().encodeToString(encode(image, false)); }

    public static String base64(BufferedImage image, boolean fast) { return Base64.getEncoder().encodeToString(encode(image, fast)); }

    /** An HTML {@code <img>} with the picture inline (for bundles that must show a picture inside HTML). */
    public static String imgTag(String base64, int width, int height, String alt) {
        return "<img src=\"data:image/png;base64," + base64 + "\" width=\"" + width + "\" height=\"" + height
            + "\" alt=\"" + Html.escape(alt) + "\"/>";
    }

    /** The bundle for a picture: PNG plus a one-line description. */
    public static MimeBundle bundle(BufferedImage image, String text) {
        return MimeBundle.builder(text).png(base64(image), image.getWidth(), image.getHeight()).build();
    }
}
