package org.tensorshell.nn;

import static org.junit.jupiter.api.Assertions.*;
import static org.tensorshell.Torch.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorshell.Tensor;
import org.tensorshell.nn.functional.F;

class ForwardHookTest {

    private record Call(Module module, Tensor[] inputs, Tensor output) {}

    private static List<RemovableHandle> hookAll(Module model, List<Call> calls) {
        List<RemovableHandle> hs = new ArrayList<>();
        for (Module m : model.modules()) hs.add(m.registerForwardHook((mod, in, out) -> calls.add(new Call(mod, in, out))));
        return hs;
    }

    @Test
    void linearReportsItsInputAndOutput() {
        Linear lin = new Linear(3, 2);
        List<Call> calls = new ArrayList<>();
        Tensor x = randn(4, 3), y;
        try (RemovableHandle h = lin.registerForwardHook((m, in, out) -> calls.add(new Call(m, in, out)))) {
            y = lin.forward(x);
        }
        assertEquals(1, calls.size());
        assertSame(lin, calls.get(0).module());
        assertSame(x, calls.get(0).inputs()[0]);
        assertSame(y, calls.get(0).output());
        lin.forward(x);
        assertEquals(1, calls.size(), "a removed hook no longer fires");
        assertEquals(0, ForwardHooks.active, "no hook left registered anywhere");
    }

    @Test
    void sequentialReportsChildrenThenItself() {
        Sequential s = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 2));
        List<Call> calls = new ArrayList<>();
        List<RemovableHandle> hs = hookAll(s, calls);
        Tensor x = randn(3, 4);
        Tensor y = s.forward(x);
        hs.forEach(RemovableHandle::remove);
        assertEquals(List.of(s.get(0), s.get(1), s.get(2), s), calls.stream().map(Call::module).toList());
        assertSame(x, calls.get(3).inputs()[0], "Sequential reports the input it was given");
        assertSame(y, calls.get(3).output());
        assertArrayEquals(new long[] {3, 8}, calls.get(1).output().shape());
        assertEquals(0, ForwardHooks.active);
    }

    @Test
    void recordLayersReportTheirOutputTensor() {
        LSTM lstm = new LSTM(5, 7, 2, true, true, 0, false);
        List<Call> calls = new ArrayList<>();
        List<RemovableHandle> hs = hookAll(lstm, calls);
        Tensor x = randn(2, 3, 5);
        RNNBase.Output out = lstm.forward(x, null, null);
        lstm.forward(x);
        hs.forEach(RemovableHandle::remove);
        assertEquals(2, calls.size(), "each forward reports once, whichever overload ran");
        assertSame(out.output(), calls.get(0).output());
        assertEquals(Arrays.asList(x, null, null), Arrays.asList(calls.get(0).inputs()));

        MultiheadAttention mha = new MultiheadAttention(8, 2);
        calls.clear();
        hs = hookAll(mha, calls);
        Tensor q = randn(4, 1, 8);
        mha.forward(q);
        hs.forEach(RemovableHandle::remove);
        assertEquals(List.of(mha.outProj(), mha), calls.stream().map(Call::module).toList());
        assertArrayEquals(new long[] {4, 1, 8}, calls.get(1).output().shape());
    }

    @Test
    void lossesReportInputAndTarget() {
        MSELoss loss = new MSELoss();
        List<Call> calls = new ArrayList<>();
        Tensor a = randn(3), b = randn(3);
        try (var h = loss.registerForwardHook((m, in, out) -> calls.add(new Call(m, in, out)))) {
            loss.forward(a, b);
        }
        assertEquals(List.of(a, b), Arrays.asList(calls.get(0).inputs()));
        assertEquals(0, calls.get(0).output().dim());
    }

    private record Case(Module layer, Tensor[] inputs) {}

    private static Case c(Module layer, Tensor... inputs) { return new Case(layer, inputs); }

    /** Every built-in layer with a forward reports it exactly once, with the tensor the forward returned. */
    @Test
    void everyBuiltInLayerReportsOnce() {
        Tensor img = randn(2, 4, 6, 6), seq = randn(2, 4, 8), vec = randn(3, 4), prob = rand(3, 4);
        List<Case> cases = List.of(
            c(new Linear(4, 5), vec), c(new NonDynamicallyQuantizableLinear(4, 5, true), vec), c(new Identity(), vec),
            c(new Conv1d(4, 3, 3), seq), c(new Conv2d(4, 3, 3), img), c(new ConvTranspose2d(4, 3, 3), img),
            c(new MaxPool2d(2), img), c(new AvgPool2d(2), img), c(new AdaptiveAvgPool2d(1), img),
            c(new BatchNorm1d(4), vec), c(new BatchNorm2d(4), img), c(new LayerNorm(4), vec), c(new GroupNorm(2, 4), img),
            c(new Dropout(0.5), vec), c(new Embedding(10, 3), tensor(new long[] {1, 2, 3})), c(new Flatten(), img),
            c(new Unflatten(1, 2, 2), vec), c(new ReLU(), vec), c(new GELU(), vec), c(new SiLU(), vec), c(new Sigmoid(), vec),
            c(new Tanh(), vec), c(new LeakyReLU(), vec), c(new Softmax(1), vec), c(new LogSoftmax(1), vec),
            c(new RNN(8, 5), seq), c(new GRU(8, 5), seq), c(new LSTM(8, 5), seq), c(new MultiheadAttention(8, 2), seq),
            c(new TransformerEncoderLayer(8, 2, 16, 0.0, "relu", 1e-5, false, false), seq),
            c(new TransformerEncoder(() -> new TransformerEncoderLayer(8, 2, 16, 0.0, "gelu", 1e-5, false, true), 2), seq),
            c(new Sequential(new Linear(4, 4)), vec),
            c(new MSELoss(), vec, vec), c(new L1Loss(), vec, vec), c(new HuberLoss(), vec, vec), c(new SmoothL1Loss(), vec, vec),
            c(new BCELoss(), prob, prob), c(new BCEWithLogitsLoss(), vec, prob), c(new KLDivLoss(), vec, prob),
            c(new CrossEntropyLoss(), vec, tensor(new long[] {0, 1, 3})), c(new NLLLoss(), vec, tensor(new long[] {0, 1, 3})));
        for (Case k : cases) {
            List<Call> calls = new ArrayList<>();
            Tensor y;
            try (var h = k.layer().registerForwardHook((m, in, out) -> calls.add(new Call(m, in, out)))) {
                y = k.layer().forward(k.inputs());
            }
            String name = k.layer().getClass().getSimpleName();
            assertEquals(1, calls.size(), name);
            assertSame(y, calls.get(0).output(), name);
            assertSame(k.inputs()[0], calls.get(0).inputs()[0], name);
            if (k.inputs().length == 2) assertSame(k.inputs()[1], calls.get(0).inputs()[1], name);
        }
        assertEquals(0, ForwardHooks.active);
    }

    static class Block extends Module {
        Linear lin = new Linear(3, 3);

        @Override
        public Tensor forward(Tensor x) { return traced(x, F.relu(lin.forward(x))); }
    }

    @Test
    void userModulesReportThroughTraced() {
        Block b = new Block();
        List<Call> calls = new ArrayList<>();
        List<RemovableHandle> hs = hookAll(b, calls);
        Tensor y = b.forward(randn(2, 3));
        hs.forEach(RemovableHandle::remove);
        assertEquals(List.of(b.lin, b), calls.stream().map(Call::module).toList());
        assertSame(y, calls.get(1).output());
    }

    @Test
    void hooksAreRemovedOnceAndInAnyOrder() {
        ReLU r = new ReLU();
        List<String> seen = new ArrayList<>();
        RemovableHandle h1 = r.registerForwardHook((m, in, out) -> seen.add("a"));
        RemovableHandle h2 = r.registerForwardHook((m, in, out) -> seen.add("b"));
        r.forward(ones(1));
        h1.remove();
        h1.remove();
        r.forward(ones(1));
        h2.close();
        r.forward(ones(1));
        assertEquals(List.of("a", "b", "b"), seen);
        assertEquals(0, ForwardHooks.active);
    }

    @Test
    void hooksDoNotChangeResults() {
        manualSeed(3);
        Sequential s = new Sequential(new Linear(4, 4), new Tanh());
        Tensor x = randn(2, 4);
        Tensor plain = s.forward(x);
        List<Call> calls = new ArrayList<>();
        List<RemovableHandle> hs = hookAll(s, calls);
        Tensor hooked = s.forward(x);
        hs.forEach(RemovableHandle::remove);
        assertArrayEquals(plain.toFloatArray(), hooked.toFloatArray());
    }
}
