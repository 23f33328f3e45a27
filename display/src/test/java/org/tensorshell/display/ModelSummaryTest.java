package org.tensorshell.display;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tensorshell.Torch.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorshell.Tensor;
import org.tensorshell.core.TensorError;
import org.tensorshell.nn.*;
import org.tensorshell.nn.Module;
import org.tensorshell.nn.functional.F;

class ModelSummaryTest {

    /** API.md's model. */
    static class MyModel extends Module {
        Conv2d conv1 = new Conv2d(1, 32, 3);
        Flatten flatten = new Flatten();
        Linear d1 = new Linear(21632, 128);
        Linear d2 = new Linear(128, 10);

        public Tensor forward(Tensor x) {
            x = F.relu(conv1.forward(x));
            x = flatten.forward(x);
            x = F.relu(d1.forward(x));
            return F.logSoftmax(d2.forward(x), 1);
        }
    }

    private static final String MY_MODEL_TEXT = """
        ==========================================================================================
        Layer (type:depth-idx)                   Output Shape              Param #
        ==========================================================================================
        MyModel                                  [1, 10]                   --
        ├─Conv2d: 1-1                            [1, 32, 26, 26]           320
        ├─Flatten: 1-2                           [1, 21632]                --
        ├─Linear: 1-3                            [1, 128]                  2,769,024
        ├─Linear: 1-4                            [1, 10]                   1,290
        ==========================================================================================
        Total params: 2,770,634
        Trainable params: 2,770,634
        Non-trainable params: 0
        ==========================================================================================
        Input size (MB): 0.00
        Forward/backward pass size (MB): 0.17
        Params size (MB): 11.08
        Estimated Total Size (MB): 11.26
        ==========================================================================================""";

    @Test
    void apiModelMatchesTorchinfo() {
        MyModel model = new MyModel();
        ModelSummary s = Plots.summary(model, randn(1, 1, 28, 28));
        assertEquals(MY_MODEL_TEXT, s.toString());
        assertArrayEquals(new long[] {1, 32, 26, 26}, s.layer("conv1").outputShape());
        assertArrayEquals(new long[] {1, 21632}, s.layer("flatten").outputShape());
        assertArrayEquals(new long[] {1, 128}, s.layer("d1").outputShape());
        assertArrayEquals(new long[] {1, 10}, s.layer("d2").outputShape());
        assertArrayEquals(new long[] {1, 10}, s.outputShape());
        assertEquals(List.of(0L, 320L, 0L, 2769024L, 1290L), s.layers().stream().map(ModelSummary.Layer::params).toList());
        assertEquals(2770634, s.totalParams());
        assertEquals(2770634, s.trainableParams());
        assertEquals(0, s.nonTrainableParams());
        assertEquals(1 * 28 * 28 * 4, s.inputBytes());
        assertEquals(2 * 4 * (32 * 26 * 26 + 128 + 10), s.forwardBackwardBytes());
        assertEquals(2770634L * 4, s.paramBytes());
        assertEquals("True", s.layer("conv1").trainable());
        assertEquals("--", s.layer("flatten").trainable());

        ModelSummary byShape = Plots.summary(model, 1, 1, 28, 28);
        assertEquals(MY_MODEL_TEXT, byShape.toString(), "a zero input of the shape gives the same summary");

        MimeBundle b = Display.render(s);
        assertEquals(MY_MODEL_TEXT, b.text());
        Bundles.assertSafeHtml(b.html());
        assertTrue(b.html().contains("[1, 32, 26, 26]"));
        assertTrue(b.html().contains("2,769,024"));
        assertTrue(b.html().contains("Estimated Total Size (MB): 11.26"), b.html());
    }

    @Test
    void sequentialRowsFollowTheTree() {
        Sequential seq = new Sequential(new Linear(4, 8), new ReLU(), new Sequential(new Linear(8, 8), new Tanh()), new Linear(8, 2));
        ModelSummary s = ModelSummary.of(seq, randn(3, 4));
        assertEquals(List.of("Sequential", "Linear: 1-1", "ReLU: 1-2", "Sequential: 1-3", "Linear: 2-1", "Tanh: 2-2", "Linear: 1-4"),
            s.layers().stream().map(ModelSummary.Layer::title).toList());
        assertArrayEquals(new long[] {3, 8}, s.layer("1").outputShape());
        assertArrayEquals(new long[] {3, 8}, s.layer("2").outputShape());
        assertArrayEquals(new long[] {3, 8}, s.layer("2.1").outputShape());
        assertArrayEquals(new long[] {3, 2}, s.layer("3").outputShape());
        assertArrayEquals(new long[] {3, 2}, s.outputShape());
        String text = s.toString();
        assertTrue(text.contains(String.format("%n%-40s %-25s %s%n", "│    └─Linear: 2-1", "[3, 8]", "72")), text);
        assertTrue(text.contains(String.format("%n%-40s %-25s %s%n", "├─Linear: 1-4", "[3, 2]", "18")), text);
    }

    static class Tagger extends Module {
        Embedding embed = new Embedding(50, 6);
        LSTM lstm = new LSTM(6, 12, 2, true, true, 0, false);
        Linear head = new Linear(12, 5);

        public Tensor forward(Tensor tokens) {
            RNNBase.Output o = lstm.forward(embed.forward(tokens), null, null);
            return head.forward(o.output());
        }
    }

    @Test
    void lstmShowsItsOutputTensor() {
        Tagger model = new Tagger();
        ModelSummary s = ModelSummary.of(model, zeros(new long[] {2, 7}, org.tensorshell.DType.INT64));
        assertArrayEquals(new long[] {2, 7, 6}, s.layer("embed").outputShape());
        assertArrayEquals(new long[] {2, 7, 12}, s.layer("lstm").outputShape());
        assertArrayEquals(new long[] {2, 7, 5}, s.outputShape());
        long lstmParams = 4 * 12 * (6 + 12 + 2) + 4 * 12 * (12 + 12 + 2);
        assertEquals(lstmParams, s.layer("lstm").params());
        assertEquals(50 * 6 + lstmParams + 12 * 5 + 5, s.totalParams());
        assertEquals(2 * 7 * 8, s.inputBytes(), "int64 input");
    }

    @Test
    void frozenPartsAreNonTrainable() {
        Sequential features = new Sequential(new Conv2d(3, 4, 3), new BatchNorm2d(4), new ReLU());
        Sequential model = new Sequential(features, new Flatten(), new Linear(4 * 6 * 6, 2));
        features.requiresGrad_(false);
        model.get(2).parameters().get(1).requiresGrad_(false);
        ModelSummary s = ModelSummary.of(model, 1, 3, 8, 8);
        long conv = 4 * 3 * 9 + 4, bn = 8, lin = 144 * 2 + 2;
        assertEquals(conv + bn + lin, s.totalParams());
        assertEquals(144 * 2, s.trainableParams());
        assertEquals(conv + bn + 2, s.nonTrainableParams());
        assertEquals("(112)", SummaryFormat.params(s.layer("0.0"), false));
        assertEquals("False", s.layer("0").trainable());
        assertEquals("Partial", s.layer("2").trainable());
        assertEquals("Partial", s.layer("").trainable());
        assertTrue(s.toString().contains("Non-trainable params: 122\n"), s.toString());
        assertTrue(s.toString().contains("(112)"));
        assertEquals(2 * 4 * 4 + 8, s.bufferBytes(), "running mean and var (float32) plus num_batches_tracked (int64)");
        Bundles.assertSafeHtml(s.html());
    }

    @Test
    void rowsBelowTheDepthLimitFoldIntoTheirParent() {
        Sequential deep = new Sequential(new Sequential(new Sequential(new Sequential(new Linear(2, 2)), new ReLU())));
        ModelSummary s = ModelSummary.of(deep, 1, 2);
        assertEquals(3, s.maxDepth(), "torchinfo's default depth");
        assertEquals(6, s.layers().size(), "every row is kept");
        String text = s.toString();
        assertTrue(text.contains(String.format("%n%-40s %-25s %s%n", "│    │    └─Sequential: 3-1", "[1, 2]", "6")), text);
        assertFalse(text.contains("Linear"), text);
        assertTrue(text.contains("│    │    └─ReLU: 3-2"), text);
        String shallow = s.depth(1).toString();
        assertTrue(shallow.contains(String.format("%n%-40s %-25s %s%n", "├─Sequential: 1-1", "[1, 2]", "6")), shallow);
        assertFalse(shallow.contains("ReLU"));
        assertTrue(shallow.contains("Total params: 6\n"));
        assertTrue(Display.render(deep).html().contains("<b>Linear</b>"), "the Module view shows every depth");
        assertThrows(TensorError.class, () -> s.depth(-1));
    }

    static class Net extends Module {
        Conv2d conv = new Conv2d(1, 2, 3);
        BatchNorm2d bn = new BatchNorm2d(2);
        Dropout drop = new Dropout(0.5);
        Linear fc = new Linear(2 * 4 * 4, 3);

        public Tensor forward(Tensor x) {
            x = drop.forward(F.relu(bn.forward(conv.forward(x))));
            return fc.forward(x.flatten(1, -1));
        }
    }

    @Test
    void summaryLeavesTheModelAsItWas() {
        manualSeed(7);
        Net model = new Net();
        model.train();
        model.fc.eval();
        List<float[]> before = new ArrayList<>();
        for (Tensor p : model.parameters()) before.add(p.toFloatArray());
        List<float[]> buffersBefore = new ArrayList<>();
        for (Tensor b : model.buffers()) buffersBefore.add(b.to(org.tensorshell.DType.FLOAT32).toFloatArray());
        Tensor x = randn(5, 1, 6, 6);

        manualSeed(11);
        float[] expectedDraw = rand(4).toFloatArray();
        manualSeed(11);
        ModelSummary s = ModelSummary.of(model, x);
        assertArrayEquals(expectedDraw, rand(4).toFloatArray(), "the summary draws no random numbers");

        assertArrayEquals(new long[] {5, 2, 4, 4}, s.layer("drop").outputShape());
        assertTrue(model.isTraining() && model.conv.isTraining() && model.bn.isTraining() && model.drop.isTraining());
        assertFalse(model.fc.isTraining(), "each module keeps its own mode");
        for (int i = 0; i < before.size(); i++) assertArrayEquals(before.get(i), model.parameters().get(i).toFloatArray());
        for (int i = 0; i < buffersBefore.size(); i++) {
            assertArrayEquals(buffersBefore.get(i), model.buffers().get(i).to(org.tensorshell.DType.FLOAT32).toFloatArray());
        }
        for (Tensor p : model.parameters()) assertNull(p.grad());
    }

    @Test
    void aFailingForwardNamesTheModelAndRestoresModes() {
        MyModel model = new MyModel();
        TensorError e = assertThrows(TensorError.class, () -> ModelSummary.of(model, 1, 1, 30, 30));
        assertTrue(e.getMessage().startsWith("summary: MyModel.forward failed on input of shape [1, 1, 30, 30]"), e.getMessage());
        assertTrue(model.isTraining() && model.d1.isTraining());
        assertEquals(MY_MODEL_TEXT, ModelSummary.of(model, 1, 1, 28, 28).toString(), "no hook is left behind");
    }

    // ------------------------------------------------------------------ user-defined blocks

    static class EndsInLayer extends Module {
        Linear a = new Linear(4, 6);
        Linear b = new Linear(6, 4);

        public Tensor forward(Tensor x) { return b.forward(F.relu(a.forward(x))); }
    }

    static class EndsInRelu extends Module {
        Linear a = new Linear(4, 6);

        public Tensor forward(Tensor x) { return F.relu(a.forward(x)).sum(1, true); }
    }

    static class Reports extends Module {
        Linear a = new Linear(4, 6);

        public Tensor forward(Tensor x) { return traced(x, F.relu(a.forward(x)).sum(1, true)); }
    }

    static class Wider extends Linear {
        Wider() { super(4, 4); }

        @Override
        public Tensor forward(Tensor x) { return super.forward(x).repeat(1, 2); }
    }

    static class Blocks extends Module {
        EndsInLayer first = new EndsInLayer();
        EndsInRelu second = new EndsInRelu();
        Reports third = new Reports();
        Wider wider = new Wider();
        ModuleList heads = new ModuleList(List.of(new Linear(1, 2), new Linear(1, 2)));

        public Tensor forward(Tensor x) {
            Tensor h = first.forward(x);
            Tensor r = second.forward(x);
            Tensor t = third.forward(x);
            Tensor w = wider.forward(h);
            return h.sum().add(r.sum()).add(t.sum()).add(w.sum()).add(heads.get(0).forward(r).sum()).reshape(1);
        }
    }

    @Test
    void userBlocksShowAShapeOnlyWhenTheTraceProvesIt() {
        Blocks model = new Blocks();
        ModelSummary s = ModelSummary.of(model, randn(2, 4));
        assertArrayEquals(new long[] {2, 4}, s.layer("first").outputShape(), "its last layer's output went on to the next layer");
        assertNull(s.layer("second").outputShape(), "its result was computed after its last layer");
        assertArrayEquals(new long[] {2, 6}, s.layer("second.a").outputShape());
        assertArrayEquals(new long[] {2, 1}, s.layer("third").outputShape(), "a block that returns traced(...) is exact");
        assertNull(s.layer("wider").outputShape(), "a Linear subclass that reshapes Linear's output is not Linear's shape");
        assertNull(s.layer("heads").outputShape(), "a ModuleList has no forward");
        assertArrayEquals(new long[] {2, 2}, s.layer("heads.0").outputShape());
        assertNull(s.layer("heads.1").outputShape(), "never called");
        assertArrayEquals(new long[] {1}, s.outputShape());
        assertTrue(s.toString().contains("├─EndsInRelu: 1-2                        --"), s.toString());
    }

    // ------------------------------------------------------------------ the Module renderer

    @Test
    void moduleRendersAsItsTreeAndAParameterTable() {
        MyModel model = new MyModel();
        MimeBundle b = Display.render(model);
        assertEquals(model.toString(), b.text());
        Bundles.assertSafeHtml(b.html());
        assertTrue(b.html().contains("<b>Conv2d</b>"), b.html());
        assertTrue(b.html().contains("2,769,024"));
        assertTrue(b.html().contains("Total params: <b>2,770,634</b>"));
        assertTrue(b.html().contains("Params + buffers size (MB): 11.08"), b.html());
        assertTrue(b.html().contains("<details>"));
        assertFalse(b.html().contains("Output Shape"), "no forward was run");

        ModelSummary s = Plots.summary(model);
        assertFalse(s.hasInput());
        assertNull(s.outputShape());
        assertTrue(s.toString().startsWith("""
            =================================================================
            Layer (type:depth-idx)                   Param #
            =================================================================
            MyModel                                  --
            ├─Conv2d: 1-1                            320
            """), s.toString());
        assertTrue(s.toString().endsWith("Non-trainable params: 0\n================================================================="));
    }

    @Test
    void htmlEscapesNamesAndHasNoScript() {
        Sequential seq = new Sequential();
        seq.registerModule("a<b>", new Linear(2, 2));
        MimeBundle b = Display.render(seq);
        Bundles.assertSafeHtml(b.html());
        assertTrue(b.html().contains("(a&lt;b&gt;)"), b.html());
    }
}
