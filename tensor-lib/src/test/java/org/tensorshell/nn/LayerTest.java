package org.tensorshell.nn;

import static org.junit.jupiter.api.Assertions.*;
import static org.tensorshell.Torch.*;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.tensorshell.Autograd;
import org.tensorshell.GradMode;
import org.tensorshell.Tensor;
import org.tensorshell.core.TensorError;
import org.tensorshell.nn.functional.F;
import org.tensorshell.nn.init.Init;

/** Layer shapes, modes, initialisation and finite-difference gradient checks in float64. */
class LayerTest {

    /** Central differences of sum(f(xs) * v) against autograd, for every element of every input. */
    static void gradcheck(Function<List<Tensor>, Tensor> f, Tensor... inputs) {
        List<Tensor> xs = new ArrayList<>();
        for (Tensor t : inputs) xs.add(t.to(FLOAT64).clone().requiresGrad_(true));
        Tensor out = f.apply(xs);
        manualSeed(1);
        Tensor v = randn(out.shape(), FLOAT64);
        List<Tensor> grads = Autograd.grad(List.of(out), xs, List.of(v), false, false, false);
        double eps = 1e-6;
        try (GradMode g = noGrad()) {
            for (int i = 0; i < xs.size(); i++) {
                Tensor x = xs.get(i), flat = x.view(-1);
                double[] analytic = grads.get(i).contiguous().toDoubleArray();
                for (int j = 0; j < flat.numel(); j++) {
                    double old = flat.get(j).item();
                    flat.set(new long[] {j}, old + eps);
                    double plus = f.apply(xs).mul(v).sum().item();
                    flat.set(new long[] {j}, old - eps);
                    double minus = f.apply(xs).mul(v).sum().item();
                    flat.set(new long[] {j}, old);
                    double numeric = (plus - minus) / (2 * eps);
                    assertEquals(numeric, analytic[j], 1e-5 * Math.max(1, Math.abs(numeric)), "input " + i + " element " + j);
                }
            }
        }
    }

    @Test
    void gradchecks() {
        manualSeed(0);
        gradcheck(x -> F.conv2d(x.get(0), x.get(1), x.get(2), new int[] {2, 1}, new int[] {1, 2}, new int[] {1, 2}, 1),
            randn(2, 2, 5, 6), randn(3, 2, 3, 2), randn(3));
        gradcheck(x -> F.conv2d(x.get(0), x.get(1), null, new int[] {1}, "same", new int[] {1}, 2), randn(1, 4, 4, 5), randn(2, 2, 2, 3));
        gradcheck(x -> F.convTranspose2d(x.get(0), x.get(1), x.get(2), new int[] {2}, new int[] {1}, new int[] {1}, 1, new int[] {1}),
            randn(1, 2, 3, 3), randn(2, 3, 3, 3), randn(3));
        gradcheck(x -> F.conv1d(x.get(0), x.get(1), x.get(2), 2, 1, 1, 1), randn(2, 2, 7), randn(3, 2, 3), randn(3));
        gradcheck(x -> F.maxPool2d(x.get(0), new int[] {3}, new int[] {2}, new int[] {1}, new int[] {1}, true), randn(1, 2, 6, 5));
        gradcheck(x -> F.avgPool2d(x.get(0), new int[] {3}, new int[] {2}, new int[] {1}, false, false), randn(1, 2, 6, 5));
        gradcheck(x -> F.adaptiveAvgPool2d(x.get(0), 2, 3), randn(1, 2, 5, 7));
        gradcheck(x -> F.batchNorm(x.get(0), null, null, x.get(1), x.get(2), true, 0.1, 1e-5), randn(4, 3, 2), randn(3), randn(3));
        gradcheck(x -> F.layerNorm(x.get(0), new long[] {4}, x.get(1), x.get(2), 1e-5), randn(3, 4), randn(4), randn(4));
        gradcheck(x -> F.groupNorm(x.get(0), 2, x.get(1), x.get(2), 1e-5), randn(2, 4, 3), randn(4), randn(4));
        gradcheck(x -> F.crossEntropy(x.get(0), tensor(new long[] {1, 0, 2}), null, -100, Reduction.MEAN, 0.1), randn(3, 3));
    }

    @Test
    void shapes() {
        manualSeed(0);
        assertArrayEquals(new long[] {2, 32, 26, 26}, new Conv2d(1, 32, 3).forward(rand(2, 1, 28, 28)).shape());
        assertArrayEquals(new long[] {2, 8, 14, 14}, new Conv2d(3, 8, 3, 2, 1).forward(rand(2, 3, 28, 28)).shape());
        assertArrayEquals(new long[] {2, 8, 28, 27}, new Conv2d(3, 8, new int[] {4, 2}, new int[] {1}, "same", new int[] {1}, 1, true)
            .forward(rand(2, 3, 28, 27)).shape());
        assertArrayEquals(new long[] {9, 4, 10}, new Conv1d(2, 4, 3, 1, "same").forward(rand(9, 2, 10)).shape());
        assertArrayEquals(new long[] {2, 5, 9, 11}, new ConvTranspose2d(3, 5, 3, 2, 1).forward(rand(2, 3, 5, 6)).shape());
        assertArrayEquals(new long[] {2, 3, 14, 14}, new MaxPool2d(2).forward(rand(2, 3, 28, 28)).shape());
        assertArrayEquals(new long[] {3, 4, 4}, new AvgPool2d(3, 2, 1).forward(rand(3, 8, 8)).shape());
        assertArrayEquals(new long[] {2, 3, 1, 1}, new AdaptiveAvgPool2d(1).forward(rand(2, 3, 7, 5)).shape());
        assertArrayEquals(new long[] {2, 60}, new Flatten().forward(rand(2, 3, 4, 5)).shape());
        assertArrayEquals(new long[] {2, 3, 4}, new Unflatten(1, 3, 4).forward(rand(2, 12)).shape());
        assertArrayEquals(new long[] {2, 5, 7}, new Embedding(10, 7).forward(tensor(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 0}).view(2, 5)).shape());
        var seq = new Sequential(new Linear(4, 8), new ReLU(), new Dropout(0.1), new Linear(8, 2), new LogSoftmax(1));
        assertArrayEquals(new long[] {5, 2}, seq.forward(rand(5, 4)).shape());
    }

    @Test
    void batchNormRunningStatsAndEval() {
        var bn = new BatchNorm1d(2);
        Tensor x = tensor(new double[][] {{1, 10}, {3, 20}, {5, 60}}).toFloat();
        Tensor y = bn.forward(x);
        assertEquals(0, y.mean(0).abs().max().item(), 1e-6);
        // running_mean = 0.9 * 0 + 0.1 * batch mean; running_var uses the unbiased variance
        assertArrayEquals(new float[] {0.3f, 3.0f}, bn.buffer("running_mean").toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {0.9f + 0.1f * 4, 0.9f + 0.1f * 700}, bn.buffer("running_var").toFloatArray(), 1e-4f);
        assertEquals(1, bn.buffer("num_batches_tracked").itemLong());
        bn.eval();
        Tensor e = bn.forward(x);
        double expected = (1 - 0.3) / Math.sqrt(1.3 + 1e-5);
        assertEquals(expected, e.get(0, 0).item(), 1e-5);
        assertEquals(1, bn.buffer("num_batches_tracked").itemLong());
        var cumulative = new BatchNorm1d(2, 1e-5, null, true, true);
        cumulative.forward(x);
        assertArrayEquals(new float[] {3, 30}, cumulative.buffer("running_mean").toFloatArray(), 1e-5f);
        var e1 = assertThrows(TensorError.class, () -> new BatchNorm1d(2).forward(ones(1, 2)));
        assertTrue(e1.getMessage().contains("Expected more than 1 value per channel when training"), e1.getMessage());
        assertThrows(TensorError.class, () -> new BatchNorm2d(2).forward(ones(2, 2)));
    }

    @Test
    void dropoutTrainAndEval() {
        manualSeed(3);
        var d = new Dropout(0.25);
        Tensor x = ones(1000);
        Tensor y = d.forward(x);
        double zeros = y.eq(0.0).sum().item();
        assertTrue(zeros > 180 && zeros < 320, "dropped " + zeros);
        assertEquals(1 / 0.75, y.max().item(), 1e-6);
        d.eval();
        assertSame(x, d.forward(x));
    }

    @Test
    void embeddingPaddingRowGetsNoGradient() {
        var emb = new Embedding(4, 3, 0L);
        assertEquals(0, emb.weight.get(0).abs().sum().item());
        emb.forward(tensor(new long[] {0, 1, 0, 3})).sum().backward();
        assertArrayEquals(new float[] {0, 0, 0}, emb.weight.grad().get(0).toFloatArray());
        assertArrayEquals(new float[] {1, 1, 1}, emb.weight.grad().get(1).toFloatArray());
        assertArrayEquals(new float[] {0, 0, 0}, emb.weight.grad().get(2).toFloatArray());
    }

    @Test
    void defaultInitialisationBounds() {
        manualSeed(0);
        var lin = new Linear(300, 50);
        // kaiming_uniform_(a = sqrt 5) gives bound sqrt(6 / ((1 + 5) * fan_in)) = 1 / sqrt(fan_in)
        double bound = 1 / Math.sqrt(300);
        assertTrue(lin.weight.abs().max().item() <= bound);
        assertTrue(lin.weight.abs().max().item() > 0.95 * bound);
        assertTrue(lin.bias.abs().max().item() <= bound);
        var conv = new Conv2d(4, 8, 3);
        double cb = 1 / Math.sqrt(4 * 9);
        assertTrue(conv.weight.abs().max().item() <= cb && conv.bias.abs().max().item() <= cb);
        assertEquals(Math.sqrt(2), Init.calculateGain("relu"), 0);
        assertEquals(5.0 / 3, Init.calculateGain("tanh"), 0);
        assertEquals(Math.sqrt(2 / (1 + 0.04)), Init.calculateGain("leaky_relu", 0.2), 1e-15);
        Tensor w = empty(200, 100);
        Init.xavierUniform_(w);
        assertTrue(w.abs().max().item() <= Math.sqrt(6.0 / 300));
        Init.kaimingNormal_(w, 0, "fan_out", "relu");
        assertEquals(Math.sqrt(2.0 / 200), w.std().item(), 0.005);
        Init.truncNormal_(w, 0, 1, -0.5, 0.5);
        assertTrue(w.abs().max().item() <= 0.5);
        assertThrows(TensorError.class, () -> Init.xavierUniform_(empty(3)));
        // initialisers run without recording even on parameters
        Init.zeros_(lin.weight);
        assertTrue(lin.weight.isLeaf());
    }

    @Test
    void errorsNameTheProblem() {
        var e = assertThrows(TensorError.class, () -> new Conv2d(3, 8, 3).forward(rand(2, 1, 28, 28)));
        assertTrue(e.getMessage().contains("expected input[2, 1, 28, 28] to have 3 channels, but got 1 channels instead"), e.getMessage());
        e = assertThrows(TensorError.class, () -> new Linear(4, 2).forward(rand(3, 5)));
        assertTrue(e.getMessage().contains("mat1 and mat2 shapes cannot be multiplied (3x5 and 4x2)"), e.getMessage());
        e = assertThrows(TensorError.class, () -> F.crossEntropy(rand(2, 3), tensor(new long[] {0, 3})));
        assertTrue(e.getMessage().contains("Target 3 is out of bounds"), e.getMessage());
        assertThrows(TensorError.class, () -> new Conv2d(2, 2, 3, 2, "same"));
        assertThrows(TensorError.class, () -> new MaxPool2d(2, 2, 2).forward(rand(1, 1, 4, 4)));
    }

    /** API.md's model and training loop, with a plain SGD step standing in for the optimizer. */
    @Test
    void apiMdModelLearns() {
        manualSeed(0);
        var model = new ModuleTest.MyModel();
        var lossObject = new CrossEntropyLoss(Reduction.SUM);
        Tensor inputs = rand(64, 1, 28, 28);
        Tensor targets = inputs.view(64, -1).mean(1).gt(0.5).toLong(); // a learnable rule: brightness
        double first = 0, last = 0;
        for (int step = 0; step < 8; step++) {
            model.train();
            double trainLoss = 0;
            long trainN = 0;
            for (int b = 0; b < 2; b++) {
                Tensor input = inputs.narrow(0, b * 32, 32), target = targets.narrow(0, b * 32, 32);
                Tensor predictions = model.forward(input);
                Tensor loss = lossObject.forward(predictions, target);
                trainLoss += loss.item();
                trainN += target.size(0);
                loss.backward();
                try (GradMode g = noGrad()) {
                    for (Tensor p : model.parameters()) p.sub_(p.grad().mul(1e-3));
                }
                model.zeroGrad();
            }
            trainLoss /= trainN;
            if (step == 0) first = trainLoss;
            last = trainLoss;
        }
        assertTrue(last < first, first + " -> " + last);
        assertEquals(21632 * 128 + 128 + 128 * 10 + 10 + 32 * 9 + 32, model.numParameters());
    }
}
