package org.tensorshell.nn;

import static org.junit.jupiter.api.Assertions.*;
import static org.tensorshell.Torch.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorshell.Tensor;
import org.tensorshell.core.TensorError;
import org.tensorshell.nn.functional.F;

class ModuleTest {

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

    static class Base extends Module {
        Parameter scale = new Parameter(ones(2));
        Linear first = new Linear(2, 3);
    }

    static class Derived extends Base {
        List<Module> blocks = List.of(new Linear(3, 3), new ReLU());
        Map<String, Module> heads = new LinkedHashMap<>(Map.of("out", new Linear(3, 1, false)));
        BatchNorm1d bn = new BatchNorm1d(3);
        Parameter unused = null;
        Tensor notAParameter = ones(5);
    }

    @Test
    void discoveryOrderAndPaths() {
        var m = new Derived();
        assertEquals(List.of("scale", "first.weight", "first.bias", "blocks.0.weight", "blocks.0.bias", "heads.out.weight",
            "bn.weight", "bn.bias"), List.copyOf(m.namedParameters().keySet()));
        assertEquals(List.of("first", "blocks.0", "blocks.1", "heads.out", "bn"), List.copyOf(m.namedChildren().keySet()));
        assertEquals(6, m.modules().size());
        assertEquals(List.of("bn.running_mean", "bn.running_var", "bn.num_batches_tracked"), List.copyOf(m.namedBuffers().keySet()));
        assertEquals(List.of("scale", "first.weight", "first.bias", "blocks.0.weight", "blocks.0.bias", "heads.out.weight",
            "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var", "bn.num_batches_tracked"), List.copyOf(m.stateDict().keySet()));
        for (Tensor p : m.parameters()) {
            assertTrue(p.isLeaf());
            assertTrue(p.requiresGrad());
        }
        assertEquals(2 + 9 + 12 + 3 + 6, m.numParameters());
    }

    @Test
    void sharedParametersCountOnce() {
        class Tied extends Module {
            Linear a = new Linear(4, 4);
            Linear b = a;
        }
        var t = new Tied();
        assertEquals(2, t.parameters().size());
        assertEquals(List.of("a.weight", "a.bias"), List.copyOf(t.namedParameters().keySet()));
    }

    @Test
    void toStringLikePyTorch() {
        assertEquals("""
            MyModel(
              (conv1): Conv2d(1, 32, kernel_size=(3, 3), stride=(1, 1))
              (flatten): Flatten(start_dim=1, end_dim=-1)
              (d1): Linear(in_features=21632, out_features=128, bias=True)
              (d2): Linear(in_features=128, out_features=10, bias=True)
            )""", new MyModel().toString());
        var seq = new Sequential(new Linear(2, 3), new ReLU(), new BatchNorm2d(3), new ModuleList(new Dropout(), new Dropout()),
            new Embedding(3, 4, 0L));
        assertEquals("""
            Sequential(
              (0): Linear(in_features=2, out_features=3, bias=True)
              (1): ReLU()
              (2): BatchNorm2d(3, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
              (3): ModuleList(
                (0): Dropout(p=0.5, inplace=False)
                (1): Dropout(p=0.5, inplace=False)
              )
              (4): Embedding(3, 4, padding_idx=0)
            )""", seq.toString());
        String[][] leaves = {
            {new Unflatten(1, 2, 3).toString(), "Unflatten(dim=1, unflattened_size=(2, 3))"},
            {new LayerNorm(4).toString(), "LayerNorm((4,), eps=1e-05, elementwise_affine=True)"},
            {new GroupNorm(2, 4).toString(), "GroupNorm(2, 4, eps=1e-05, affine=True)"},
            {new Conv2d(2, 4, new int[] {3}, new int[] {2}, new int[] {1}, new int[] {2}, 2, false).toString(),
                "Conv2d(2, 4, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), dilation=(2, 2), groups=2, bias=False)"},
            {new Conv1d(2, 3, 3, 1, "same").toString(), "Conv1d(2, 3, kernel_size=(3,), stride=(1,), padding=same)"},
            {new ConvTranspose2d(2, 3, 3, 2).toString(), "ConvTranspose2d(2, 3, kernel_size=(3, 3), stride=(2, 2))"},
            {new ConvTranspose2d(2, 3, 3, 2, 1, 1).toString(),
                "ConvTranspose2d(2, 3, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), output_padding=(1, 1))"},
            {new MaxPool2d(2).toString(), "MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)"},
            {new AvgPool2d(3, 2, 1).toString(), "AvgPool2d(kernel_size=3, stride=2, padding=1)"},
            {new AdaptiveAvgPool2d(1, 1).toString(), "AdaptiveAvgPool2d(output_size=(1, 1))"},
            {new AdaptiveAvgPool2d(3).toString(), "AdaptiveAvgPool2d(output_size=3)"},
            {new LeakyReLU().toString(), "LeakyReLU(negative_slope=0.01)"},
            {new GELU("tanh").toString(), "GELU(approximate='tanh')"},
            {new SiLU().toString(), "SiLU()"}, {new Softmax(1).toString(), "Softmax(dim=1)"},
            {new LogSoftmax(1).toString(), "LogSoftmax(dim=1)"}, {new Identity().toString(), "Identity()"},
            {new CrossEntropyLoss().toString(), "CrossEntropyLoss()"}, {new MSELoss().toString(), "MSELoss()"},
            {new BatchNorm1d(3).toString(), "BatchNorm1d(3, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)"},
            {new Dropout(0.2).toString(), "Dropout(p=0.2, inplace=False)"},
            {new Linear(2, 3, false).toString(), "Linear(in_features=2, out_features=3, bias=False)"},
            {new Sequential().toString(), "Sequential()"},
            {new LayerNorm(new long[] {2, 3}, 1e-5, false).toString(), "LayerNorm((2, 3), eps=1e-05, elementwise_affine=False)"},
            {new Conv2d(1, 2, 3, 1, "valid").toString(), "Conv2d(1, 2, kernel_size=(3, 3), stride=(1, 1), padding=valid)"},
            {new BatchNorm2d(3, 1e-5, 0.1, false, false).toString(),
                "BatchNorm2d(3, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False)"},
            {new ModuleDict(Map.of("a", new Tanh())).toString(), "ModuleDict(\n  (a): Tanh()\n)"},
            {new LSTM(3, 4, 2, true, true, 0, true).toString(), "LSTM(3, 4, num_layers=2, batch_first=True, bidirectional=True)"},
            {new RNN(3, 4, 2, "relu", false, false, 0.5, false).toString(), "RNN(3, 4, num_layers=2, bias=False, dropout=0.5)"},
            {new GRU(3, 4).toString(), "GRU(3, 4)"},
            {new TransformerEncoder(() -> new TransformerEncoderLayer(4, 2, 8, 0.1, "relu", 1e-5, false, false), 1).toString(), """
                TransformerEncoder(
                  (layers): ModuleList(
                    (0): TransformerEncoderLayer(
                      (self_attn): MultiheadAttention(
                        (out_proj): NonDynamicallyQuantizableLinear(in_features=4, out_features=4, bias=True)
                      )
                      (linear1): Linear(in_features=4, out_features=8, bias=True)
                      (dropout): Dropout(p=0.1, inplace=False)
                      (linear2): Linear(in_features=8, out_features=4, bias=True)
                      (norm1): LayerNorm((4,), eps=1e-05, elementwise_affine=True)
                      (norm2): LayerNorm((4,), eps=1e-05, elementwise_affine=True)
                      (dropout1): Dropout(p=0.1, inplace=False)
                      (dropout2): Dropout(p=0.1, inplace=False)
                    )
                  )
                )"""},
            {new TransformerEncoderLayer(8, 2, 16, 0.1, "relu", 1e-5, false, false).toString(), """
                TransformerEncoderLayer(
                  (self_attn): MultiheadAttention(
                    (out_proj): NonDynamicallyQuantizableLinear(in_features=8, out_features=8, bias=True)
                  )
                  (linear1): Linear(in_features=8, out_features=16, bias=True)
                  (dropout): Dropout(p=0.1, inplace=False)
                  (linear2): Linear(in_features=16, out_features=8, bias=True)
                  (norm1): LayerNorm((8,), eps=1e-05, elementwise_affine=True)
                  (norm2): LayerNorm((8,), eps=1e-05, elementwise_affine=True)
                  (dropout1): Dropout(p=0.1, inplace=False)
                  (dropout2): Dropout(p=0.1, inplace=False)
                )"""},
        };
        for (String[] l : leaves) assertEquals(l[1], l[0]);
    }

    @Test
    void stateDictRoundTrip() {
        var a = new Derived();
        var b = new Derived();
        a.bn.buffer("running_mean").fill_(0.5);
        var r = b.loadStateDict(a.stateDict());
        assertTrue(r.missingKeys().isEmpty() && r.unexpectedKeys().isEmpty());
        for (var e : a.stateDict().entrySet()) {
            assertArrayEquals(e.getValue().toDoubleArray(), b.stateDict().get(e.getKey()).toDoubleArray(), e.getKey());
        }
        // the state dict shares memory with the module
        a.stateDict().get("first.bias").fill_(7);
        assertEquals(7, a.first.bias.get(0).item());
    }

    @Test
    void loadStateDictErrorsLoadNothing() {
        var a = new Derived();
        var b = new Derived();
        double before = b.first.weight.get(0, 0).item();
        var sd = new LinkedHashMap<>(a.stateDict());
        sd.remove("scale");
        sd.put("extra.weight", ones(1));
        sd.put("first.weight", ones(4, 2));
        var e = assertThrows(TensorError.class, () -> b.loadStateDict(sd));
        assertTrue(e.getMessage().contains("Missing key(s) in state_dict: \"scale\""), e.getMessage());
        assertTrue(e.getMessage().contains("Unexpected key(s) in state_dict: \"extra.weight\""), e.getMessage());
        assertTrue(e.getMessage().contains("size mismatch for first.weight: copying a param with shape torch.Size([4, 2]) "
            + "from checkpoint, the shape in current model is torch.Size([3, 2])"), e.getMessage());
        assertEquals(before, b.first.weight.get(0, 0).item());
        // non-strict: missing/unexpected reported, shape mismatch still an error
        sd.put("first.weight", a.first.weight.detach());
        var r = b.loadStateDict(sd, false);
        assertEquals(List.of("scale"), r.missingKeys());
        assertEquals(List.of("extra.weight"), r.unexpectedKeys());
        assertEquals(a.first.weight.get(0, 0).item(), b.first.weight.get(0, 0).item());
    }

    @Test
    void trainEvalZeroGradTo() {
        var m = new Derived();
        m.eval();
        for (Module x : m.modules()) assertFalse(x.isTraining());
        m.train();
        assertTrue(m.bn.isTraining());
        Tensor y = m.first.forward(ones(4, 2)).sum();
        y.backward();
        assertNotNull(m.first.weight.grad());
        m.zeroGrad();
        assertEquals(0, m.first.weight.grad().abs().sum().item());
        m.zeroGrad(true);
        assertNull(m.first.weight.grad());
        m.to(FLOAT64);
        for (Tensor p : m.parameters()) assertEquals(FLOAT64, p.dtype());
        assertEquals(FLOAT64, m.bn.buffer("running_mean").dtype());
        assertEquals(INT64, m.bn.buffer("num_batches_tracked").dtype());
        assertEquals(FLOAT64, m.first.forward(ones(new long[] {1, 2}, FLOAT64)).dtype());
        int[] count = {0};
        m.apply(x -> count[0]++);
        assertEquals(m.modules().size(), count[0]);
    }

    @Test
    void forwardMissing() {
        class NoForward extends Module {}
        var e = assertThrows(TensorError.class, () -> new NoForward().forward(ones(1)));
        assertTrue(e.getMessage().contains("missing the required \"forward\" function"));
    }

    @Test
    void parameterPrintsLikePyTorch() {
        assertEquals("Parameter containing:\ntensor([1., 1.], requires_grad=True)", new Parameter(ones(2)).toString());
    }
}
