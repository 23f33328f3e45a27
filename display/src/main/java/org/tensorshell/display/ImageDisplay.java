package org.tensorshell.display;

import java.awt.image.BufferedImage;

/** A {@link BufferedImage} shows as itself, a PNG. */
public final class ImageDisplay implements Renderer<BufferedImage> {
    @Override
    public Class<BufferedImage> type() { return BufferedImage.class; }

    @Override
    public MimeBundle render(BufferedImage img) {
        return Png.bundle(img, "BufferedImage(" + img.getWidth() + "x" + img.getHeight() + ")");
    }
}
