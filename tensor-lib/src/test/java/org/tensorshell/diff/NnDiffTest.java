package org.tensorshell.diff;

import static org.tensorshell.diff.Gen.*;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.tensorshell.Autograd;
import org.tensorshell.DType;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.nn.Reduction;
import org.tensorshell.nn.functional.F;

/**
 * nn.functional against PyTorch 1.13 in float64: the output and the vector-Jacobian product with respect to
 * each differentiable input (weights passed as inputs), for one random cotangent.
 */
@Tag("backend")
class NnDiffTest {
    static final DType D = DType.FLOAT64;

    /** A case whose first {@code k} inputs are differentiated; the cotangent is appended as the last input. */
    static DiffCase vjp(String name, int k, Function<List<Tensor>, Tensor> java, String pyLambda, Tensor... inputs) {
        Tensor probe = java.apply(List.of(inputs));
        Tensor cot = rnd(D, probe.shape());
        List<DiffCase.Input> ins = new ArrayList<>();
        for (Tensor t : inputs) ins.add(in(t));
        ins.add(in(cot));
        Function<List<Tensor>, Object> f = xs -> {
            List<Tensor> args = new ArrayList<>(xs.subList(0, xs.size() - 1));
            for (int i = 0; i < k; i++) args.get(i).requiresGrad_(true);
            Tensor out = java.apply(args);
            List<Object> r = new ArrayList<>();
            r.add(out.detach());
            r.addAll(Autograd.grad(List.of(out), args.subList(0, k), List.of(xs.get(xs.size() - 1)), false, false, false));
            return r;
        };
        String py = "(lambda f, k: (lambda xs: (lambda o: [o] + list(torch.autograd.grad(o, xs[:k], x[-1])))(f(*xs)))"
            + "([t.requires_grad_() if i < k else t for i, t in enumerate(x[:-1])]))(" + pyLambda + ", " + k + ")";
        return new DiffCase(name, ins, f, py);
    }

    static Tensor r(long... shape) { return rnd(D, shape); }

    static Tensor classes(long c, long... shape) {
        return rnd(DType.INT64, shape).add(5).remainder(Torch.tensor(new long[] {c}));
    }

    @TestFactory
    Stream<DynamicTest> layers() {
        List<DiffCase> cs = list();
        cs.add(vjp("linear", 3, x -> F.linear(x.get(0), x.get(1), x.get(2)), "lambda a, w, b: F.linear(a, w, b)", r(4, 5), r(3, 5), r(3)));
        cs.add(vjp("linear/3d", 2, x -> F.linear(x.get(0), x.get(1)), "lambda a, w: F.linear(a, w)", r(2, 4, 5), r(3, 5)));
        cs.add(vjp("conv2d", 3, x -> F.conv2d(x.get(0), x.get(1), x.get(2)), "lambda a, w, b: F.conv2d(a, w, b)",
            r(2, 3, 7, 6), r(4, 3, 3, 3), r(4)));
        cs.add(vjp("conv2d/stride2/pad1", 3, x -> F.conv2d(x.get(0), x.get(1), x.get(2), 2, 1),
            "lambda a, w, b: F.conv2d(a, w, b, stride=2, padding=1)", r(2, 3, 7, 6), r(4, 3, 3, 3), r(4)));
        cs.add(vjp("conv2d/dilation/groups/nobias", 2,
            x -> F.conv2d(x.get(0), x.get(1), null, new int[] {1, 2}, new int[] {2, 1}, new int[] {2, 1}, 3),
            "lambda a, w: F.conv2d(a, w, None, stride=(1, 2), padding=(2, 1), dilation=(2, 1), groups=3)",
            r(2, 3, 8, 7), r(6, 1, 3, 2)));
        cs.add(vjp("conv2d/same/even", 3, x -> F.conv2d(x.get(0), x.get(1), x.get(2), new int[] {1}, "same", new int[] {1}, 1),
            "lambda a, w, b: F.conv2d(a, w, b, padding='same')", r(1, 2, 6, 5), r(3, 2, 4, 3), r(3)));
        cs.add(vjp("conv2d/same/dilated", 2, x -> F.conv2d(x.get(0), x.get(1), null, new int[] {1}, "same", new int[] {2}, 1),
            "lambda a, w: F.conv2d(a, w, padding='same', dilation=2)", r(1, 2, 6, 5), r(3, 2, 3, 2)));
        cs.add(vjp("conv2d/unbatched", 2, x -> F.conv2d(x.get(0), x.get(1)), "lambda a, w: F.conv2d(a, w)", r(2, 5, 5), r(3, 2, 2, 2)));
        cs.add(vjp("conv1d", 3, x -> F.conv1d(x.get(0), x.get(1), x.get(2), 2, 1, 1, 1),
            "lambda a, w, b: F.conv1d(a, w, b, stride=2, padding=1)", r(2, 3, 9), r(4, 3, 3), r(4)));
        cs.add(vjp("conv1d/same", 2, x -> F.conv1d(x.get(0), x.get(1), null, 1, "same", 2, 1),
            "lambda a, w: F.conv1d(a, w, padding='same', dilation=2)", r(2, 3, 9), r(4, 3, 4)));
        cs.add(vjp("conv_transpose2d", 3, x -> F.convTranspose2d(x.get(0), x.get(1), x.get(2)),
            "lambda a, w, b: F.conv_transpose2d(a, w, b)", r(2, 3, 4, 5), r(3, 2, 3, 3), r(2)));
        cs.add(vjp("conv_transpose2d/stride/pad/outpad/groups", 3,
            x -> F.convTranspose2d(x.get(0), x.get(1), x.get(2), new int[] {2}, new int[] {1}, new int[] {1}, 2, new int[] {1}),
            "lambda a, w, b: F.conv_transpose2d(a, w, b, stride=2, padding=1, output_padding=1, groups=2)",
            r(2, 4, 4, 3), r(4, 3, 3, 3), r(6)));
        cs.add(vjp("max_pool2d", 1, x -> F.maxPool2d(x.get(0), 2), "lambda a: F.max_pool2d(a, 2)", r(2, 3, 6, 7)));
        cs.add(vjp("max_pool2d/k3s2p1/ceil", 1,
            x -> F.maxPool2d(x.get(0), new int[] {3}, new int[] {2}, new int[] {1}, new int[] {1}, true),
            "lambda a: F.max_pool2d(a, 3, 2, 1, ceil_mode=True)", r(2, 3, 8, 7)));
        cs.add(vjp("max_pool2d/dilation", 1, x -> F.maxPool2d(x.get(0), new int[] {2}, new int[] {1}, new int[] {0}, new int[] {2}, false),
            "lambda a: F.max_pool2d(a, 2, 1, 0, dilation=2)", r(1, 2, 6, 6)));
        cs.add(vjp("avg_pool2d", 1, x -> F.avgPool2d(x.get(0), 2), "lambda a: F.avg_pool2d(a, 2)", r(2, 3, 6, 7)));
        cs.add(vjp("avg_pool2d/k3s2p1", 1, x -> F.avgPool2d(x.get(0), new int[] {3}, new int[] {2}, new int[] {1}, false, true),
            "lambda a: F.avg_pool2d(a, 3, 2, 1)", r(2, 3, 8, 7)));
        cs.add(vjp("avg_pool2d/exclude_pad/ceil", 1, x -> F.avgPool2d(x.get(0), new int[] {3}, new int[] {2}, new int[] {1}, true, false),
            "lambda a: F.avg_pool2d(a, 3, 2, 1, ceil_mode=True, count_include_pad=False)", r(2, 3, 8, 7)));
        cs.add(vjp("avg_pool2d/include_pad/ceil", 1, x -> F.avgPool2d(x.get(0), new int[] {3}, new int[] {2}, new int[] {1}, true, true),
            "lambda a: F.avg_pool2d(a, 3, 2, 1, ceil_mode=True)", r(2, 3, 8, 6)));
        cs.add(vjp("adaptive_avg_pool2d", 1, x -> F.adaptiveAvgPool2d(x.get(0), 3, 4), "lambda a: F.adaptive_avg_pool2d(a, (3, 4))",
            r(2, 3, 7, 6)));
        cs.add(vjp("adaptive_avg_pool2d/1", 1, x -> F.adaptiveAvgPool2d(x.get(0), 1), "lambda a: F.adaptive_avg_pool2d(a, 1)", r(2, 3, 5, 4)));
        cs.add(vjp("batch_norm/train", 3, x -> F.batchNorm(x.get(0), null, null, x.get(1), x.get(2), true, 0.1, 1e-5),
            "lambda a, w, b: F.batch_norm(a, None, None, w, b, training=True)", r(4, 3, 5, 2), r(3), r(3)));
        cs.add(vjp("batch_norm/eval", 3, x -> F.batchNorm(x.get(0), x.get(3), x.get(4).abs(), x.get(1), x.get(2), false, 0.1, 1e-5),
            "lambda a, w, b, m, v: F.batch_norm(a, m, v.abs(), w, b, training=False)", r(4, 3, 5), r(3), r(3), r(3), r(3)));
        cs.add(vjp("layer_norm", 3, x -> F.layerNorm(x.get(0), new long[] {4, 5}, x.get(1), x.get(2), 1e-5),
            "lambda a, w, b: F.layer_norm(a, (4, 5), w, b)", r(3, 4, 5), r(4, 5), r(4, 5)));
        cs.add(vjp("group_norm", 3, x -> F.groupNorm(x.get(0), 2, x.get(1), x.get(2), 1e-5),
            "lambda a, w, b: F.group_norm(a, 2, w, b)", r(3, 4, 3, 2), r(4), r(4)));
        cs.add(vjp("embedding/padding_idx", 1, x -> F.embedding(x.get(1), x.get(0), 1L),
            "lambda w, i: F.embedding(i, w, padding_idx=1)", r(5, 3), Torch.tensor(new long[] {0, 1, 4, 1, 2, 0}).view(2, 3)));
        cs.add(vjp("pad", 1, x -> F.pad(x.get(0), new long[] {1, 2, 0, -1}, 0.5), "lambda a: F.pad(a, (1, 2, 0, -1), value=0.5)",
            r(2, 3, 4)));
        cs.add(vjp("dropout/eval", 1, x -> F.dropout(x.get(0), 0.3, false), "lambda a: F.dropout(a, 0.3, training=False)", r(3, 4)));
        return TorchOracle.run("nn-layers", cs);
    }

    @TestFactory
    Stream<DynamicTest> losses() {
        List<DiffCase> cs = list();
        String[] red = {"none", "mean", "sum"};
        Reduction[] reds = {Reduction.NONE, Reduction.MEAN, Reduction.SUM};
        for (int i = 0; i < 3; i++) {
            Reduction rd = reds[i];
            String p = "reduction='" + red[i] + "'";
            cs.add(vjp("mse/" + red[i], 2, x -> F.mseLoss(x.get(0), x.get(1), rd), "lambda a, t: F.mse_loss(a, t, " + p + ")", r(3, 4), r(3, 4)));
            cs.add(vjp("l1/" + red[i], 2, x -> F.l1Loss(x.get(0), x.get(1), rd), "lambda a, t: F.l1_loss(a, t, " + p + ")", r(3, 4), r(3, 4)));
            cs.add(vjp("smooth_l1/" + red[i], 2, x -> F.smoothL1Loss(x.get(0), x.get(1), rd, 0.5),
                "lambda a, t: F.smooth_l1_loss(a, t, " + p + ", beta=0.5)", r(3, 4), r(3, 4)));
            cs.add(vjp("huber/" + red[i], 2, x -> F.huberLoss(x.get(0), x.get(1), rd, 0.7),
                "lambda a, t: F.huber_loss(a, t, " + p + ", delta=0.7)", r(3, 4), r(3, 4)));
            cs.add(vjp("cross_entropy/" + red[i], 1, x -> F.crossEntropy(x.get(0), x.get(1), rd),
                "lambda a, t: F.cross_entropy(a, t, " + p + ")", r(5, 4), classes(4, 5)));
            cs.add(vjp("cross_entropy/weight/ignore/smooth/" + red[i], 1,
                x -> F.crossEntropy(x.get(0), x.get(1), x.get(2), 2, rd, 0.2),
                "lambda a, t, w: F.cross_entropy(a, t, w, ignore_index=2, " + p + ", label_smoothing=0.2)",
                r(6, 4), Torch.tensor(new long[] {0, 2, 3, 1, 2, 3}), r(4).abs()));
            cs.add(vjp("cross_entropy/weight/smooth/" + red[i], 1, x -> F.crossEntropy(x.get(0), x.get(1), x.get(2), -100, rd, 0.1),
                "lambda a, t, w: F.cross_entropy(a, t, w, " + p + ", label_smoothing=0.1)", r(6, 4), classes(4, 6), r(4).abs()));
            cs.add(vjp("cross_entropy/nd/" + red[i], 1, x -> F.crossEntropy(x.get(0), x.get(1), rd),
                "lambda a, t: F.cross_entropy(a, t, " + p + ")", r(2, 3, 4, 2), classes(3, 2, 4, 2)));
            cs.add(vjp("cross_entropy/probs/smooth/" + red[i], 2,
                x -> F.crossEntropy(x.get(0), x.get(1).softmax(1), x.get(2), -100, rd, 0.15),
                "lambda a, t, w: F.cross_entropy(a, t.softmax(1), w, " + p + ", label_smoothing=0.15)", r(5, 4), r(5, 4), r(4).abs()));
            cs.add(vjp("nll/weight/ignore/" + red[i], 1, x -> F.nllLoss(x.get(0), x.get(1), x.get(2), 1, rd),
                "lambda a, t, w: F.nll_loss(a, t, w, ignore_index=1, " + p + ")", r(6, 4), classes(4, 6), r(4).abs()));
            cs.add(vjp("bce/" + red[i], 2, x -> F.binaryCrossEntropy(x.get(0).sigmoid(), x.get(1).sigmoid(), x.get(2), rd),
                "lambda a, t, w: F.binary_cross_entropy(a.sigmoid(), t.sigmoid(), w, " + p + ")", r(3, 4), r(3, 4), r(3, 4).abs()));
            cs.add(vjp("bce_logits/" + red[i], 2, x -> F.binaryCrossEntropyWithLogits(x.get(0), x.get(1).sigmoid(), x.get(2), rd, x.get(3)),
                "lambda a, t, w, pw: F.binary_cross_entropy_with_logits(a, t.sigmoid(), w, " + p + ", pos_weight=pw)",
                r(3, 4).mul(10), r(3, 4), r(3, 4).abs(), r(4).abs()));
            cs.add(vjp("kl_div/" + red[i], 1, x -> F.klDiv(x.get(0).logSoftmax(1), x.get(1).softmax(1), rd, false),
                "lambda a, t: F.kl_div(a.log_softmax(1), t.softmax(1), " + p + ")", r(3, 4), r(3, 4)));
        }
        cs.add(vjp("kl_div/batchmean/log_target", 2, x -> F.klDiv(x.get(0).logSoftmax(1), x.get(1).logSoftmax(1), Reduction.BATCHMEAN, true),
            "lambda a, t: F.kl_div(a.log_softmax(1), t.log_softmax(1), reduction='batchmean', log_target=True)", r(3, 4), r(3, 4)));
        cs.add(vjp("bce/clamped_log", 1, x -> F.binaryCrossEntropy(x.get(0), x.get(1)),
            "lambda a, t: F.binary_cross_entropy(a, t)", Torch.tensor(new double[] {0, 1, 0.5, 1e-60}, D), Torch.tensor(new double[] {1, 0, 0.5, 0}, D)));
        return TorchOracle.run("nn-losses", cs);
    }
}
