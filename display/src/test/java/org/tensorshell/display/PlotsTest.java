package org.tensorshell.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tensorshell.Torch.*;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorshell.Tensor;
import org.tensorshell.core.TensorError;

class PlotsTest {
    private static double[] sine(int n, double phase) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = Math.sin(i / 10.0 + phase);
        return y;
    }

    @Test
    void linePlotRendersPngSvgAndText() {
        Figure f = Plots.plot(sine(100, 0)).title("sine").xlabel("t").ylabel("sin t");
        MimeBundle b = Display.render(f);
        Bundles.assertPicture(b, 640, 400, 20);
        Bundles.assertSvg(b.get(MimeBundle.SVG));
        assertTrue(b.get(MimeBundle.SVG).contains(">sine</text>"));
        assertTrue(b.get(MimeBundle.SVG).contains(">sin t</text>"));
        assertEquals("Figure(640x400) 'sine': line 100 points", b.text());
        assertFalse(b.has(MimeBundle.VEGA_LITE));
    }

    @Test
    void severalSeriesGetALegend() {
        double[] x = new double[100];
        for (int i = 0; i < 100; i++) x[i] = i * 0.1;
        Figure f = Plots.plot(x, sine(100, 0), sine(100, 1)).legend("train", "val");
        String svg = f.toSvg();
        assertTrue(svg.contains(">train</text>") && svg.contains(">val</text>"), "legend labels");
        BufferedImage img = f.toImage();
        assertTrue(Bundles.distinctColours(img) > 20);
        // Both palette colours appear in the picture.
        assertTrue(hasColour(img, 0x1f77b4) && hasColour(img, 0xff7f0e));
        Figure one = Plots.plot(sine(10, 0));
        assertFalse(one.toSvg().contains(">y0</text>"), "no legend for a single series");
    }

    private static boolean hasColour(BufferedImage img, int rgb) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xffffff) == rgb) return true;
        }
        return false;
    }

    @Test
    void tensorsPlotLikeArrays() {
        Tensor x = linspace(0, 6, 50);
        Figure f = Plots.plot(x, x.sin(), x.cos());
        assertEquals(2, f.axes().series.size());
        Figure cols = Plots.plot(randn(30, 3));
        assertEquals(3, cols.axes().series.size(), "one series per column");
        assertThrows(TensorError.class, () -> Plots.plot(new double[] {1, 2}, new double[] {1, 2, 3}));
        assertThrows(TensorError.class, () -> Plots.plot(randn(2, 2, 2)));
    }

    @Test
    void logYTicksAreDecades() {
        double[] y = new double[200];
        for (int i = 0; i < 200; i++) y[i] = 10 * Math.exp(-i / 20.0);
        String svg = Plots.plot(y).logY().toSvg();
        assertTrue(svg.contains(">10</text>") && svg.contains(">0.1</text>"), svg);
        Bundles.assertPicture(Plots.plot(y).logY().toMimeBundle(), 640, 400, 10);
    }

    @Test
    void scatterHistAndImshow() {
        manualSeed(3);
        Tensor pts = randn(300, 2);
        MimeBundle s = Display.render(Plots.scatter(pts.select(1, 0), pts.select(1, 1), randint(0, 3, 300)));
        Bundles.assertPicture(s, 640, 400, 20);
        Bundles.assertSvg(s.get(MimeBundle.SVG));
        MimeBundle h = Display.render(Plots.hist(randn(5000), 30).title("normal"));
        Bundles.assertPicture(h, 640, 400, 10);
        assertTrue(h.text().contains("hist 30 bins"), h.text());
        Figure im = Plots.imshow(randn(20, 30));
        MimeBundle ib = im.toMimeBundle();
        Bundles.assertPicture(ib, im.width(), im.height(), 50);
        Bundles.assertPicture(Plots.imshow(rand(3, 16, 16)).toMimeBundle(), -1, -1, 50);
        Bundles.assertPicture(Plots.imshow(new double[][] {{0, 1}, {2, 3}}).toMimeBundle(), -1, -1, 4);
    }

    @Test
    void listsOfNumbersAndShowingMidCell() {
        Figure f = Plots.plot(List.of(3, 2.5, 1.0f, 0.5));
        assertEquals("Figure(640x400) line 4 points", f.toString());
        Bundles.assertPicture(Plots.hist(List.of(1, 2, 2, 3)).toMimeBundle(), 640, 400, 5);
        TrainingMonitorTest.RecordingSink sink = new TrainingMonitorTest.RecordingSink();
        Display.installSink(sink);
        try {
            assertEquals("d0", f.show());
            Bundles.assertPicture(sink.latest.get("d0"), 640, 400, 5);
        } finally {
            Display.installSink(null);
        }
    }

    @Test
    void histogramCountsEveryFiniteValue() {
        Figure f = Plots.hist(new double[] {0, 1, 1, 2, 2, 2, Double.NaN}, 3);
        Series.Bars bars = (Series.Bars) f.axes().series.get(0);
        assertEquals(List.of(1.0, 2.0, 3.0), java.util.Arrays.stream(bars.heights()).boxed().toList());
    }

    @Test
    void vegaLiteOnRequest() {
        MimeBundle b = Plots.plot(sine(50, 0)).interactive().toMimeBundle();
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) b.data().get(MimeBundle.VEGA_LITE);
        assertNotNull(spec);
        assertEquals("https://vega.github.io/schema/vega-lite/v5.json", spec.get("$schema"));
        @SuppressWarnings("unchecked")
        List<Object> values = (List<Object>) ((Map<String, Object>) spec.get("data")).get("values");
        assertEquals(50, values.size());
    }

    @Test
    void longLinesAreThinnedForDrawing() {
        double[] y = new double[1_000_000];
        for (int i = 0; i < y.length; i++) y[i] = Math.sin(i / 1000.0);
        long t0 = System.nanoTime();
        Figure f = Plots.plot(y);
        BufferedImage img = f.toImage();
        assertTrue((System.nanoTime() - t0) / 1e9 < 5, "a million points draws quickly");
        assertTrue(Bundles.distinctColours(img) > 10);
        assertFalse(f.toMimeBundle().has(MimeBundle.SVG), "no SVG for huge series");
    }
}
