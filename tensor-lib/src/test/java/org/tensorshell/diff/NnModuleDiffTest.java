package org.tensorshell.diff;

import static org.tensorshell.diff.Gen.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.tensorshell.Autograd;
import org.tensorshell.DType;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.nn.*;
// java.lang.Module would make the on-demand import ambiguous: a single-type import wins
import org.tensorshell.nn.Module;

/**
 * Whole modules against PyTorch 1.13 with identical weights (float64, eval mode): the Tensorshell module's
 * parameters are loaded into the same torch module (by state dict key), and
 * the output plus the gradients of the input and of every parameter (named_parameters order) are compared.
 * The state dict key names must therefore match PyTorch's.
 */
@Tag("backend")
class NnModuleDiffTest {

    static DiffCase moduleCase(String name, Supplier<Module> make, BiFunction<Module, Tensor, Tensor> fwd, String pyModule,
                               String pyCall, Tensor input) {
        Torch.manualSeed(name.hashCode());
        Module m = make.get();
        m.toDouble();
        m.eval();
        Map<String, Tensor> params = m.namedParameters();
        List<DiffCase.Input> ins = new ArrayList<>();
        ins.add(in(input));
        for (Tensor p : params.values()) ins.add(in(p.detach().clone()));
        Tensor cot = rnd(DType.FLOAT64, fwd.apply(m, input).shape());
        ins.add(in(cot));
        StringBuilder names = new StringBuilder("[");
        for (String k : params.keySet()) names.append(names.length() > 1 ? ", " : "").append('\'').append(k).append('\'');
        names.append(']');
        java.util.function.Function<List<Tensor>, Object> java = xs -> {
            Tensor x = xs.get(0).requiresGrad_(true);
            Tensor out = fwd.apply(m, x);
            List<Tensor> wrt = new ArrayList<>();
            wrt.add(x);
            wrt.addAll(m.parameters());
            List<Object> r = new ArrayList<>();
            r.add(out.detach());
            r.addAll(Autograd.grad(List.of(out), wrt, List.of(xs.get(xs.size() - 1)), false, false, false));
            return r;
        };
        // weights are copied into the torch module (functional_call would miss the RNNs' cached flat weights)
        String py = "(lambda m, names: (m.load_state_dict(dict(zip(names, x[1:-1])), strict=False), "
            + "(lambda a, ws: (lambda o: [o] + list(torch.autograd.grad(o, [a] + ws, x[-1])))((lambda mm, a: " + pyCall + ")(m, a)))"
            + "(x[0].requires_grad_(), [dict(m.named_parameters())[n] for n in names]))[1])(" + pyModule + ".double().eval(), "
            + names + ")";
        return new DiffCase(name, ins, java, py);
    }

    static Tensor r(long... s) { return rnd(DType.FLOAT64, s); }

    @TestFactory
    Stream<DynamicTest> modules() {
        List<DiffCase> cs = list();
        cs.add(moduleCase("linear", () -> new Linear(5, 3), Module::forward, "torch.nn.Linear(5, 3)", "mm(a)", r(4, 5)));
        cs.add(moduleCase("conv2d", () -> new Conv2d(2, 3, 3, 1, 1), Module::forward, "torch.nn.Conv2d(2, 3, 3, 1, 1)", "mm(a)",
            r(2, 2, 5, 5)));
        cs.add(moduleCase("batchnorm2d/eval", () -> new BatchNorm2d(3), Module::forward, "torch.nn.BatchNorm2d(3)", "mm(a)",
            r(2, 3, 4, 4)));
        cs.add(moduleCase("multihead_attention", () -> new MultiheadAttention(8, 2), (m, x) -> ((MultiheadAttention) m)
            .forward(x, x, x).output(), "torch.nn.MultiheadAttention(8, 2)", "mm(a, a, a)[0]", r(5, 3, 8)));
        cs.add(moduleCase("multihead_attention/weights/masks", () -> new MultiheadAttention(8, 4, 0.0, true, true),
            (m, x) -> ((MultiheadAttention) m).forward(x, x, x, Torch.tensor(new boolean[] {false, false, false, true, false, true})
                .view(2, 3), true, Torch.tensor(new boolean[] {false, true, false, false, false, true, false, false, false}).view(3, 3),
                true).weights(),
            "torch.nn.MultiheadAttention(8, 4, batch_first=True)",
            "mm(a, a, a, key_padding_mask=torch.tensor([[False, False, False], [True, False, True]]), "
                + "attn_mask=torch.tensor([[False, True, False], [False, False, True], [False, False, False]]))[1]", r(2, 3, 8)));
        cs.add(moduleCase("transformer_encoder_layer", () -> new TransformerEncoderLayer(8, 2, 16, 0.1, "relu", 1e-5, false, false),
            Module::forward, "torch.nn.TransformerEncoderLayer(8, 2, 16)", "mm(a)", r(5, 2, 8)));
        cs.add(moduleCase("transformer_encoder_layer/norm_first/gelu/causal",
            () -> new TransformerEncoderLayer(8, 2, 16, 0.1, "gelu", 1e-5, true, true),
            (m, x) -> ((TransformerEncoderLayer) m).forward(x, Torch.ones(4, 4).triu(1).toBool(), null),
            "torch.nn.TransformerEncoderLayer(8, 2, 16, activation='gelu', batch_first=True, norm_first=True)",
            "mm(a, src_mask=torch.ones(4, 4).triu(1).bool())", r(2, 4, 8)));
        cs.add(moduleCase("embedding", () -> new Embedding(6, 3, 2L), (m, x) -> m.forward(x.toLong()).mul(x.unsqueeze(-1)),
            "torch.nn.Embedding(6, 3, padding_idx=2)", "mm(a.long()) * a.unsqueeze(-1)",
            Torch.tensor(new double[] {0, 2, 5, 1, 2, 3}, DType.FLOAT64).view(2, 3)));
        cs.add(moduleCase("transformer_encoder/2layers/norm",
            () -> new TransformerEncoder(() -> new TransformerEncoderLayer(8, 2, 16, 0.1, "relu", 1e-5, false, false), 2, new LayerNorm(8)),
            Module::forward, "torch.nn.TransformerEncoder(torch.nn.TransformerEncoderLayer(8, 2, 16), 2, torch.nn.LayerNorm(8))",
            "mm(a)", r(5, 2, 8)));
        cs.add(moduleCase("lstm/2layers/batch_first/bidirectional", () -> new LSTM(3, 4, 2, true, true, 0, true), Module::forward,
            "torch.nn.LSTM(3, 4, 2, batch_first=True, bidirectional=True)", "mm(a)[0]", r(2, 5, 3)));
        cs.add(moduleCase("lstm/h_n", () -> new LSTM(3, 4), (m, x) -> ((LSTM) m).forward(x, null, null).cN(),
            "torch.nn.LSTM(3, 4)", "mm(a)[1][1]", r(5, 2, 3)));
        cs.add(moduleCase("gru/2layers", () -> new GRU(3, 4, 2, true, false, 0, false), (m, x) -> ((GRU) m).forward(x, null).hN(),
            "torch.nn.GRU(3, 4, 2)", "mm(a)[1]", r(5, 2, 3)));
        cs.add(moduleCase("gru/unbatched/bidirectional", () -> new GRU(3, 4, 1, true, false, 0, true), Module::forward,
            "torch.nn.GRU(3, 4, bidirectional=True)", "mm(a)[0]", r(5, 3)));
        cs.add(moduleCase("rnn/relu/nobias", () -> new RNN(3, 4, 2, "relu", false, true, 0, false), Module::forward,
            "torch.nn.RNN(3, 4, 2, nonlinearity='relu', bias=False, batch_first=True)", "mm(a)[0]", r(2, 5, 3)));
        return TorchOracle.run("nn-modules", cs);
    }
}
