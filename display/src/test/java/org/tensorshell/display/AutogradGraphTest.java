package org.tensorshell.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tensorshell.Torch.*;

import java.awt.image.BufferedImage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.tensorshell.Tensor;
import org.tensorshell.nn.Conv2d;
import org.tensorshell.nn.CrossEntropyLoss;
import org.tensorshell.nn.Flatten;
import org.tensorshell.nn.Linear;
import org.tensorshell.nn.Module;
import org.tensorshell.nn.ReLU;
import org.tensorshell.nn.Sequential;
import org.tensorshell.nn.Tanh;
import org.tensorshell.nn.functional.F;

class AutogradGraphTest {
    /** API.md's MyModel, smaller: the same layers and paths on an 8x8 input. */
    static final class MyModel extends Module {
        Conv2d conv1 = new Conv2d(1, 4, 3);
        Flatten flatten = new Flatten();
        Linear d1 = new Linear(4 * 6 * 6, 16);
        Linear d2 = new Linear(16, 10);

        @Override
        public Tensor forward(Tensor x) {
            x = F.relu(conv1.forward(x));
            x = flatten.forward(x);
            x = F.relu(d1.forward(x));
            return F.logSoftmax(d2.forward(x), 1);
        }
    }

    private static Tensor mlpLoss(Module model) {
        Tensor x = randn(8, 784);
        return new CrossEntropyLoss().forward(model.forward(x), tensor(new long[] {1, 2, 3, 4, 5, 6, 7, 8}));
    }

    private static Sequential deepMlp(int layers) {
        Sequential s = new Sequential();
        for (int i = 0; i < layers; i++) {
            s.append(new Linear(8, 8));
            s.append(new Tanh());
        }
        return s;
    }

    @Test
    void productSumGivesTheExactGraphInDot() {
        Tensor a = tensor(1.0, 2.0).requiresGrad_(true);
        Tensor b = tensor(3.0, 4.0).requiresGrad_(true);
        Tensor l = a.mul(b).sum();
        l.backward();
        AutogradGraph g = Plots.drawGraph(l);
        assertEquals(5, g.nodeCount());
        assertEquals(4, g.edgeCount());
        assertEquals("""
            digraph autograd {
              graph [rankdir=TB];
              node [shape=box, style=filled, fontname="Helvetica", fontsize=11];
              n0 [label="output\\n[]\\ndata 11", fillcolor="#caff70", penwidth=2];
              n1 [label="SumBackward\\n[]", fillcolor="#ececec"];
              n2 [label="MulBackward\\n[2]", fillcolor="#ececec"];
              n3 [label="leaf\\n[2]\\ndata [1, 2]\\ngrad [3, 4]", fillcolor="#ffe0b2"];
              n4 [label="leaf\\n[2]\\ndata [3, 4]\\ngrad [1, 2]", fillcolor="#ffe0b2"];
              n1 -> n0;
              n2 -> n1;
              n3 -> n2;
              n4 -> n2;
            }
            """, g.toDot());
        assertEquals("AutogradGraph(5 nodes, 4 edges)", g.toString());
    }

    @Test
    void aSharedInputIsOneNodeWithAnEdgePerUse() {
        Tensor x = tensor(2.0).requiresGrad_(true);
        AutogradGraph g = Plots.drawGraph(x.mul(x));
        assertEquals(3, g.nodeCount());
        assertEquals(3, g.edgeCount(), "x -> mul twice, mul -> output");
        Bundles.assertPicture(g.toMimeBundle(), 0, 0, 4); // parallel edges lay out too
    }

    @Test
    void aTensorWithoutGraphIsOneBox() {
        AutogradGraph g = Plots.drawGraph(tensor(1.0, 2.0));
        assertEquals(1, g.nodeCount());
        assertTrue(g.toDot().contains("no autograd graph"));
        Bundles.assertPicture(g.toMimeBundle(), 0, 0, 3);
    }

    @Test
    void bundleHasTextSvgPngAndSafeHtml() {
        Module model = new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 10));
        AutogradGraph g = Plots.drawGraph(mlpLoss(model), model);
        MimeBundle b = Display.render(g);
        assertEquals("AutogradGraph(17 nodes, 16 edges)", b.text());
        String svg = b.get(MimeBundle.SVG);
        Bundles.assertSvg(svg);
        for (String label : new String[] {">0.weight</text>", ">2.bias</text>", ">AddmmBackward</text>", ">[8, 256]</text>",
            ">LogSoftmaxBackward</text>", ">output</text>"}) {
            assertTrue(svg.contains(label), "SVG lacks " + label);
        }
        Matcher m = Pattern.compile("<svg [^>]*width=\"(\\d+)\" height=\"(\\d+)\"").matcher(svg);
        assertTrue(m.find());
        BufferedImage img = Bundles.assertPicture(b, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), 6);
        assertEquals(img.getWidth(), g.image().getWidth());
        assertTrue(img.getHeight() > img.getWidth(), "inputs above, loss below: a tall picture");
        Bundles.assertSafeHtml(b.html());
        assertTrue(b.html().contains("data:image/png;base64,"));
    }

    @Test
    void parametersAreLabelledWithTheirModulePath() {
        MyModel model = new MyModel();
        Tensor loss = F.nllLoss(model.forward(randn(2, 1, 8, 8)), tensor(new long[] {3, 7}));
        AutogradGraph g = Plots.drawGraph(loss, model);
        String dot = g.toDot();
        for (String p : new String[] {"conv1.weight", "conv1.bias", "d1.weight", "d1.bias", "d2.weight", "d2.bias"}) {
            assertTrue(dot.contains("label=\"" + p + "\\n"), "DOT lacks " + p + ":\n" + dot);
        }
        assertEquals(6, count(dot, "fillcolor=\"#add8e6\""), "six parameters, styled as parameters");
        assertFalse(dot.contains("label=\"leaf"), "no anonymous leaves: the input does not require grad");
        assertTrue(g.svg().contains(">conv1.weight</text>"));

        String anonymous = Plots.drawGraph(loss).toDot();
        assertEquals(6, count(anonymous, "label=\"parameter\\n"), "without a model, parameters are still parameters");
    }

    @Test
    void largeGraphsCollapseByModule() {
        Sequential model = deepMlp(40); // 40 x (weight, bias, T, addmm, tanh) + loss ops
        Tensor loss = model.forward(randn(4, 8)).pow(2).mean();
        AutogradGraph g = Plots.drawGraph(loss, model);
        assertTrue(g.nodeCount() > 200, "nodes: " + g.nodeCount());
        assertFalse(g.collapsed(), "under the default threshold the graph is drawn in full");

        g.collapseAbove(100);
        assertTrue(g.collapsed());
        assertEquals(42, g.drawnNodeCount(), "one box per Linear, one for the ops after the last, the output");
        assertEquals(41, g.drawnEdgeCount());
        String drawn = g.toDrawnDot();
        assertTrue(drawn.contains("label=\"0 (Linear)\\n3 ops, 2 params\""), "Linear, Tanh: " + drawn);
        assertTrue(drawn.contains("label=\"78 (Linear)\\n2 ops, 2 params\""), drawn);
        assertTrue(drawn.contains("label=\"3 ops\\nTanhBackward \u2192 \u2026 \u2192 MeanBackward\\n[]\""), "the loss is no module's: " + drawn);
        assertTrue(g.toString().endsWith("; drawn collapsed as 42 boxes, 41 edges)"), g.toString());
        MimeBundle b = g.toMimeBundle();
        Bundles.assertSvg(b.get(MimeBundle.SVG));
        assertTrue(b.get(MimeBundle.SVG).contains(">0 (Linear)</text>"));
        Bundles.assertPicture(b, 0, 0, 4);
        assertEquals(g.nodeCount(), count(g.toDot(), "[label="), "toDot keeps the whole graph");
    }

    @Test
    void aHundredThousandOpChainNeedsNoDeepStack() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<AutogradGraph> result = new AtomicReference<>();
        Tensor x = tensor(1.0).requiresGrad_(true);
        Tensor y = x;
        for (int i = 0; i < 100_000; i++) y = y.mul(1.0);
        Tensor out = y;
        // a small stack: any recursion over the graph would overflow it
        Thread t = new Thread(null, () -> {
            try {
                AutogradGraph g = Plots.drawGraph(out);
                g.toDot();
                g.toMimeBundle();
                result.set(g);
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "small-stack", 256 * 1024);
        t.start();
        t.join();
        if (failure.get() != null) throw new AssertionError(failure.get());
        AutogradGraph g = result.get();
        assertEquals(100_002, g.nodeCount());
        assertEquals(100_001, g.edgeCount());
        assertTrue(g.collapsed());
        assertEquals(3, g.drawnNodeCount(), "leaf, one chain box, output");
        assertTrue(g.toDrawnDot().contains("label=\"100000 ops\\nMulBackward \u2192 \u2026 \u2192 MulBackward\\n[]\""), g.toDrawnDot());
    }

    @Test
    void graphsThatStayHugeAfterCollapsingAreNotLaidOut() {
        Tensor s = zeros(1);
        for (int i = 0; i < 1_000; i++) s = s.add(randn(1).requiresGrad_(true)); // no chain: every add takes a new leaf
        AutogradGraph g = Plots.drawGraph(s);
        assertTrue(g.nodeCount() > AutogradGraph.MAX_DRAWN);
        assertEquals(1, g.drawnNodeCount());
        assertTrue(g.svg().contains("graph too large to draw"));
        assertEquals(g.nodeCount(), count(g.toDot(), "[label="));
    }

    @Test
    void dotLabelsAreEscaped() {
        assertEquals("a\\\"b\\\\c\\nd", AutogradGraph.dotEscape("a\"b\\c\nd"));
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }
}
