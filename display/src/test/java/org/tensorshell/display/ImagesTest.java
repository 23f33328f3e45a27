package org.tensorshell.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tensorshell.Torch.*;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorshell.core.TensorError;

class ImagesTest {
    @Test
    void gridOfGreyImagesWithLabels() {
        manualSeed(5);
        ImageGrid g = Plots.showImages(rand(10, 1, 28, 28), "0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        MimeBundle b = Display.render(g);
        // 28 px images are enlarged 3x; 10 images: 8 per row, 2 rows with 16 px labels.
        BufferedImage img = Bundles.assertPicture(b, 8 * 84 + 9 * 4, 2 * (84 + 16) + 3 * 4, 100);
        assertTrue(b.text().contains("10 images 1x28x28"), b.text());
        assertTrue(img.getWidth() > 0);
    }

    @Test
    void shapesAndLabelsFromATensor() {
        Bundles.assertPicture(Plots.showImages(rand(6, 28, 28), arange(6L)).toMimeBundle(), -1, -1, 50);
        Bundles.assertPicture(Plots.showImages(rand(28, 28)).toMimeBundle(), 84 + 8, 84 + 8, 50);
        Bundles.assertPicture(Plots.showImages(randint(0, 256, 2, 3, 32, 32)).toMimeBundle(), -1, -1, 100);
        Bundles.assertPicture(Plots.showImages(randn(2, 3, 8, 8), List.of("a", "b"), 1).toMimeBundle(), 64 + 8, -1, 50);
        assertThrows(TensorError.class, () -> Plots.showImages(rand(2, 5, 8, 8)));
        assertThrows(TensorError.class, () -> Plots.showImages(rand(8)));
        assertThrows(TensorError.class, () -> Plots.showImages(rand(2, 3, 8, 8), "only one"));
    }

    @Test
    void valuesMapToGreyLevels() {
        var t = zeros(1, 8, 8);
        t.set("0, :4, :", 1.0);
        BufferedImage img = Plots.showImages(t).image();
        // scale 8: 64 px image at offset 4; top half white, bottom half black.
        assertEquals(Color.WHITE.getRGB(), img.getRGB(10, 10));
        assertEquals(Color.BLACK.getRGB(), img.getRGB(10, 60));
    }

    @Test
    void manyImagesAreCapped() {
        ImageGrid g = Plots.showImages(zeros(500, 1, 8, 8));
        assertEquals("100 images 1x8x8 (first 100 of 500)", g.description());
    }

    @Test
    void bufferedImagesRenderAsPng() {
        BufferedImage img = new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 30; x++) for (int y = 0; y < 20; y++) img.setRGB(x, y, x * 8 << 16 | y * 12);
        MimeBundle b = Display.render(img);
        assertEquals("BufferedImage(30x20)", b.text());
        Bundles.assertPicture(b, 30, 20, 100);
    }
}
