package org.tensorshell.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tensorshell.Torch.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorshell.DType;
import org.tensorshell.Tensor;

class TensorDisplayTest {
    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) n++;
        return n;
    }

    @Test
    void textIsPyTorchsFormattingAndHtmlIsSafe() {
        manualSeed(0);
        List<Tensor> cases = List.of(
            tensor(1.5), tensor(1.0, 2.0, 3.0), arange(12L).view(3, 4), randn(2, 3, 4), randn(50, 40),
            randn(2, 3, 4, 5), tensor(true, false, true), arange(6L).view(2, 3).t(), zeros(0),
            tensor(new double[] {1e-8, 1e9}), randint(0, 10, 4, 4), randn(1200), arange(2000L).view(2, 10, 100));
        for (Tensor t : cases) {
            MimeBundle b = Display.render(t);
            assertEquals(t.toString(), b.text());
            Bundles.assertSafeHtml(b.html());
            assertTrue(b.html().contains("shape=" + java.util.Arrays.toString(t.shape())), b.html());
            assertTrue(b.html().contains("dtype=" + t.dtype()));
            assertTrue(b.html().contains("device=cpu"));
        }
    }

    @Test
    void statisticsIgnoreNonFiniteValuesAndCountThem() {
        Tensor t = tensor(1.0, 2.0, 3.0, 4.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0);
        TensorStats s = TensorStats.of(t);
        assertEquals(5, s.finite());
        assertEquals(0, s.min());
        assertEquals(4, s.max());
        assertEquals(2, s.mean(), 1e-12);
        assertEquals(Math.sqrt(2.5), s.std(), 1e-6, "unbiased, as torch.std");
        assertEquals(1, s.nan());
        assertEquals(1, s.posInf());
        assertEquals(1, s.negInf());
        String html = TensorDisplay.bundle(t).html();
        assertTrue(html.contains("nan 1 · inf 2"), html);
        assertTrue(html.contains("min 0 · max 4 · mean 2"), html);
    }

    @Test
    void statisticsOfStridedViewsAndLargeTensors() {
        Tensor base = arange(20L).view(4, 5);
        TensorStats s = TensorStats.of(base.t().get("1:3"));
        // rows 1..2 of the transpose are columns 1..2: values {1,6,11,16, 2,7,12,17}
        assertEquals(8, s.count());
        assertEquals(1, s.min());
        assertEquals(17, s.max());
        assertEquals(9, s.mean(), 1e-12);
        Tensor big = ones(1000, 1100);
        big.set("0, 0", Double.NaN);
        big.set("999, 5", 7.0);
        big.set("500, 7", -3.0);
        TensorStats b = TensorStats.of(big);
        assertEquals(1_099_999, b.finite(), "split across threads, every element counted once");
        assertEquals(1, b.nan());
        assertEquals(-3, b.min());
        assertEquals(7, b.max());
        assertEquals((1_099_997 + 7 - 3) / 1_099_999.0, b.mean(), 1e-12);
        double[] v = Values.all(big);
        double mean = b.mean(), ss = 0;
        for (double x : v) if (!Double.isNaN(x)) ss += (x - mean) * (x - mean);
        assertEquals(Math.sqrt(ss / (1_099_999 - 1)), b.std(), 1e-12);
        TensorStats bools = TensorStats.of(tensor(true, false, true, true));
        assertEquals(1, bools.zeros());
        assertTrue(TensorDisplay.bundle(tensor(true, false, true, true)).html().contains("True: 3 of 4 (75%)"));
        assertFalse(TensorDisplay.bundle(arange(5L)).html().contains("nan"), "integers have no NaN count");
    }

    @Test
    void largeTensorsAreSummarisedWithEdgeItems() {
        String html = TensorDisplay.bundle(arange(10000L).view(100, 100)).html();
        // 7 shown columns (3 + ellipsis + 3) per row, 7 rows: 49 value or ellipsis cells.
        assertEquals(49, count(html, "<td"));
        assertTrue(html.contains(">9999</td>"));
        assertTrue(html.contains(">&hellip;</th>"));
        String small = TensorDisplay.bundle(arange(12L).view(3, 4)).html();
        assertEquals(12, count(small, "<td"));
        assertFalse(small.contains("&hellip;"));
    }

    @Test
    void heatmapColoursCells() {
        String html = TensorDisplay.bundle(tensor(new double[][] {{-1, 0}, {0.5, 1}})).html();
        assertTrue(html.contains("background:#2166ac"), "most negative value is dark blue on the diverging map");
        assertTrue(html.contains("background:#b2182b"), "most positive value is dark red");
        assertTrue(html.contains("background:#f7f7f7"), "zero is white");
        String seq = TensorDisplay.bundle(tensor(1.0, 2.0, 3.0)).html();
        assertEquals(3, count(seq, "background:#") - count(seq, "background:#f3f3f3"));
    }

    @Test
    void higherDimensionsAreCollapsibleSlices() {
        String html = TensorDisplay.bundle(arange(24L).view(2, 3, 4)).html();
        assertEquals(2, count(html, "<details"));
        assertTrue(html.contains("<summary>[0, :, :]</summary>"));
        assertTrue(html.contains("<summary>[1, :, :]</summary>"));
        String four = TensorDisplay.bundle(arange(120L).view(2, 3, 4, 5)).html();
        assertEquals(2 + 6, count(four, "<details"));
        assertTrue(four.contains("<summary>[1, 2, :, :]</summary>"));
    }

    @Test
    void imageLikeTensorsGetAPicture() {
        manualSeed(1);
        MimeBundle one = TensorDisplay.bundle(rand(3, 32, 32));
        // 32 px images are drawn twice as large, with a 4 px border.
        Bundles.assertPicture(one, 64 + 8, 64 + 8, 100);
        Bundles.assertSafeHtml(one.html());
        assertTrue(one.html().contains("<img src=\"data:image/png;base64,"));
        MimeBundle batch = TensorDisplay.bundle(rand(4, 1, 28, 28));
        Bundles.assertPicture(batch, 4 * 84 + 5 * 4, 84 + 8, 50);
        MimeBundle ints = TensorDisplay.bundle(randint(0, 256, 1, 16, 16));
        Bundles.assertPicture(ints, -1, -1, 20);
        assertNull(TensorDisplay.bundle(rand(28, 28)).png(), "a matrix is not a picture");
        assertNull(TensorDisplay.bundle(randn(3, 32, 32)).png(), "values outside [0, 1]");
        assertNull(TensorDisplay.bundle(rand(5, 32, 32)).png(), "5 channels");
        assertNull(TensorDisplay.bundle(rand(3, 4, 4)).png(), "too small to be an image");
        assertNull(TensorDisplay.bundle(rand(new long[] {3, 16, 16}, DType.FLOAT64).mul(300.0)).png());
    }

    @Test
    void emptyAndScalar() {
        MimeBundle e = TensorDisplay.bundle(zeros(0, 3));
        assertTrue(e.html().contains("(no elements)"));
        MimeBundle s = TensorDisplay.bundle(tensor(2.5));
        assertEquals(1, count(s.html(), "<td"));
        assertTrue(s.html().contains(">2.5000</td>"));
    }

    @Test
    void int64CellsAreExact() {
        long big = (1L << 53) + 1;
        String html = TensorDisplay.bundle(tensor(big, 1L)).html();
        assertTrue(html.contains(">" + big + "</td>"), html);
    }

    @Test
    void headerShowsGradientTracking() {
        Tensor w = ones(2, 3).requiresGrad_(true);
        Tensor y = w.mul(2.0);
        MimeBundle leaf = Display.render(w);
        assertEquals(w.toString(), leaf.text());
        assertTrue(leaf.html().contains("requires_grad=True &middot; leaf"), leaf.html());
        MimeBundle result = Display.render(y);
        assertEquals(y.toString(), result.text());
        assertTrue(result.html().contains("grad_fn=&lt;" + y.gradFn().name() + "&gt;"), result.html());
        y.backward(onesLike(y));
        assertTrue(Display.render(w).html().contains("grad=[2, 3]"));
        assertFalse(Display.render(ones(2)).html().contains("requires_grad"));
        Bundles.assertSafeHtml(result.html());
    }
}
