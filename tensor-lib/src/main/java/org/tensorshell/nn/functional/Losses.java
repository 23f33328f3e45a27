package org.tensorshell.nn.functional;

import java.util.Arrays;
import org.tensorshell.DType;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.TensorError;
import org.tensorshell.nn.Reduction;

/** Loss functions as composites (PyTorch 1.13's formulas). */
final class Losses {
    private Losses() {}

    static Tensor reduce(String op, Tensor loss, Reduction r) {
        return switch (r) {
            case NONE -> loss;
            case MEAN -> loss.mean();
            case SUM -> loss.sum();
            case BATCHMEAN -> throw new TensorError(op + ": reduction 'batchmean' is only valid for kl_div; use NONE, MEAN or SUM");
        };
    }

    static Tensor mse(Tensor input, Tensor target, Reduction r) {
        return reduce("mse_loss", input.sub(target).square(), r);
    }

    static Tensor l1(Tensor input, Tensor target, Reduction r) {
        return reduce("l1_loss", input.sub(target).abs(), r);
    }

    static Tensor smoothL1(Tensor input, Tensor target, Reduction r, double beta) {
        if (beta < 0) throw new TensorError("smooth_l1_loss: smooth_l1_loss does not support negative values for beta.");
        if (beta == 0) return l1(input, target, r);
        Tensor z = input.sub(target).abs();
        Tensor loss = Torch.where(z.lt(beta), z.square().mul(0.5 / beta), z.sub(0.5 * beta));
        return reduce("smooth_l1_loss", loss, r);
    }

    static Tensor huber(Tensor input, Tensor target, Reduction r, double delta) {
        if (delta <= 0) throw new TensorError("huber_loss: huber_loss does not support non-positive values for delta.");
        Tensor z = input.sub(target).abs();
        Tensor loss = Torch.where(z.lt(delta), z.square().mul(0.5), z.sub(0.5 * delta).mul(delta));
        return reduce("huber_loss", loss, r);
    }

    /** input: log-probabilities [N, C, d...] or [C]; target: class indices [N, d...] or []. */
    static Tensor nll(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction r) {
        if (target.isFloatingPoint()) {
            throw new TensorError("nll_loss: expected target of an integer dtype (class indices), got " + target.dtype());
        }
        boolean unbatched = input.dim() == 1;
        Tensor in = unbatched ? input.unsqueeze(0) : input;
        Tensor tg = unbatched ? target.unsqueeze(0) : target;
        if (in.dim() < 2 || tg.dim() != in.dim() - 1 || tg.size(0) != in.size(0)) {
            throw new TensorError("nll_loss: Expected input batch_size (" + in.size(0) + ") to match target batch_size ("
                + (tg.dim() > 0 ? tg.size(0) : 0) + "); input " + Arrays.toString(input.shape()) + ", target "
                + Arrays.toString(target.shape()));
        }
        long c = in.size(1);
        for (int d = 2; d < in.dim(); d++) {
            if (in.size(d) != tg.size(d - 1)) {
                throw new TensorError("nll_loss: expected target of size " + sizeWithout1(in) + ", got " + Arrays.toString(target.shape()));
            }
        }
        Tensor valid = tg.ne((double) ignoreIndex);
        Tensor safe = tg.toLong().mul(valid.toLong());
        if (safe.numel() > 0) {
            long lo = safe.min().itemLong(), hi = safe.max().itemLong();
            if (lo < 0 || hi >= c) throw new TensorError("nll_loss: Target " + (lo < 0 ? lo : hi) + " is out of bounds (" + c + " classes).");
        }
        Tensor picked = in.gather(1, safe.unsqueeze(1)).squeeze(1).neg();
        Tensor w = weight == null ? valid.to(in.dtype()) : weight.to(in.dtype()).indexSelect(0, safe.reshape(-1))
            .view(safe.shape()).mul(valid.to(in.dtype()));
        Tensor loss = picked.mul(w);
        Tensor out = switch (r) {
            case NONE -> loss;
            case SUM -> loss.sum();
            case MEAN -> loss.sum().div(w.sum());
            case BATCHMEAN -> throw new TensorError("nll_loss: reduction 'batchmean' is only valid for kl_div");
        };
        return unbatched && r == Reduction.NONE ? out.squeeze(0) : out;
    }

    private static String sizeWithout1(Tensor in) {
        long[] s = in.shape();
        long[] t = new long[s.length - 1];
        t[0] = s[0];
        System.arraycopy(s, 2, t, 1, s.length - 2);
        return Arrays.toString(t);
    }

    static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction r, double smoothing) {
        if (smoothing < 0 || smoothing > 1) {
            throw new TensorError("cross_entropy: label_smoothing must be between 0.0 and 1.0. Got: " + smoothing);
        }
        int classDim = input.dim() == 1 ? 0 : 1;
        Tensor logp = input.logSoftmax(classDim);
        long c = input.size(classDim);
        if (target.isFloatingPoint()) return probTarget(logp, target, weight, r, smoothing, classDim, c);
        Tensor nll = nll(logp, target, weight, ignoreIndex, r);
        if (smoothing == 0) return nll;
        Tensor ignore = target.eq((double) ignoreIndex);
        Tensor smooth = weight == null ? logp.sum(classDim).neg()
            : logp.mul(classShape(weight.to(logp.dtype()), logp.dim(), classDim)).sum(classDim).neg();
        smooth = smooth.maskedFill(ignore, 0.0);
        Tensor ret = switch (r) {
            case NONE -> smooth;
            case SUM -> smooth.sum();
            case MEAN -> weight == null ? smooth.sum().div(ignore.logicalNot().sum().to(smooth.dtype()))
                : smooth.sum().div(weight.to(smooth.dtype()).indexSelect(0, target.get(ignore.logicalNot()).reshape(-1)).sum());
            case BATCHMEAN -> throw new TensorError("cross_entropy: reduction 'batchmean' is only valid for kl_div");
        };
        return nll.mul(1 - smoothing).add(ret.mul(smoothing / c));
    }

    private static Tensor classShape(Tensor w, int dims, int classDim) {
        long[] s = new long[dims];
        Arrays.fill(s, 1);
        s[classDim] = w.numel();
        return w.view(s);
    }

    private static Tensor probTarget(Tensor logp, Tensor target, Tensor weight, Reduction r, double smoothing, int classDim,
                                     long c) {
        if (!Arrays.equals(logp.shape(), target.shape())) {
            throw new TensorError("cross_entropy: Expected input batch_size and target batch_size to match with probability "
                + "targets: input " + Arrays.toString(logp.shape()) + ", target " + Arrays.toString(target.shape()));
        }
        Tensor t = smoothing > 0 ? target.mul(1 - smoothing).add(smoothing / c) : target;
        Tensor prod = logp.mul(t);
        if (weight != null) prod = prod.mul(classShape(weight.to(logp.dtype()), logp.dim(), classDim));
        Tensor loss = prod.sum(classDim).neg();
        return switch (r) {
            case NONE -> loss;
            case SUM -> loss.sum();
            case MEAN -> loss.sum().div((double) (logp.numel() / c));
            case BATCHMEAN -> throw new TensorError("cross_entropy: reduction 'batchmean' is only valid for kl_div");
        };
    }

    static Tensor bce(Tensor input, Tensor target, Tensor weight, Reduction r) {
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new TensorError("binary_cross_entropy: Using a target size (" + Arrays.toString(target.shape())
                + ") that is different to the input size (" + Arrays.toString(input.shape()) + ") is deprecated. "
                + "Please ensure they have the same size.");
        }
        double lo = input.numel() == 0 ? 0 : input.min().item(), hi = input.numel() == 0 ? 0 : input.max().item();
        if (lo < 0 || hi > 1) {
            throw new TensorError("binary_cross_entropy: all elements of input should be between 0 and 1");
        }
        Tensor loss = new BceElementwise().apply(input, target);
        if (weight != null) loss = loss.mul(weight);
        return reduce("binary_cross_entropy", loss, r);
    }

    /**
     * -(t log x + (1 - t) log(1 - x)) with logs clamped at -100, and PyTorch's own derivatives (not the
     * clamped composite's): d/dx = (x - t) / max(x (1 - x), 1e-12f), d/dt = log(1 - x) - log(x).
     */
    static final class BceElementwise extends org.tensorshell.Function {
        /** PyTorch's EPSILON is a float constant: 1e-12f. */
        private static final double EPSILON = 1e-12f;

        @Override
        public Tensor forward(Context ctx, Tensor... in) {
            Tensor x = in[0], t = in[1];
            ctx.saveForBackward(x, t);
            return t.mul(x.log().clampMin(-100)).add(t.rsub(1).mul(x.rsub(1).log().clampMin(-100))).neg();
        }

        @Override
        public Tensor[] backward(Context ctx, Tensor g) {
            Tensor x = ctx.savedTensors().get(0), t = ctx.savedTensors().get(1);
            Tensor gx = ctx.needsInputGrad(0) ? g.mul(x.sub(t)).div(x.mul(x.rsub(1)).clampMin(EPSILON)) : null;
            Tensor gt = ctx.needsInputGrad(1) ? g.mul(x.rsub(1).log().sub(x.log())) : null;
            return new Tensor[] {gx, gt};
        }
    }

    static Tensor bceWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight, Reduction r) {
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new TensorError("binary_cross_entropy_with_logits: Target size (" + Arrays.toString(target.shape())
                + ") must be the same as input size (" + Arrays.toString(input.shape()) + ")");
        }
        // log(1 + exp(-x)) computed stably as m + log(exp(-m) + exp(-x - m)), m = max(-x, 0)
        Tensor m = input.neg().clampMin(0);
        Tensor softplus = m.neg().exp().add(input.neg().sub(m).exp()).log().add(m);
        Tensor loss;
        if (posWeight != null) {
            Tensor logWeight = posWeight.sub(1).mul(target).add(1);
            loss = target.rsub(1).mul(input).add(logWeight.mul(softplus));
        } else {
            loss = target.rsub(1).mul(input).add(softplus);
        }
        if (weight != null) loss = loss.mul(weight);
        return reduce("binary_cross_entropy_with_logits", loss, r);
    }

    static Tensor klDiv(Tensor input, Tensor target, Reduction r, boolean logTarget) {
        Tensor loss = logTarget ? target.exp().mul(target.sub(input))
            : Torch.where(target.eq(0.0), Torch.zerosLike(target), target.mul(target.log())).sub(target.mul(input));
        if (r == Reduction.BATCHMEAN) return input.dim() == 0 ? loss.sum() : loss.sum().div((double) input.size(0));
        return reduce("kl_div", loss, r);
    }

    static Tensor oneHot(Tensor t, long numClasses) {
        if (t.dtype() != DType.INT64) throw new TensorError("one_hot is only applicable to index tensor of type LongTensor.");
        if (numClasses == -1) numClasses = t.numel() == 0 ? 0 : t.max().itemLong() + 1;
        if (t.numel() > 0 && (t.min().itemLong() < 0 || t.max().itemLong() >= numClasses)) {
            throw new TensorError(t.min().itemLong() < 0 ? "one_hot: Class values must be non-negative."
                : "one_hot: Class values must be smaller than num_classes.");
        }
        long[] s = Arrays.copyOf(t.shape(), t.dim() + 1);
        s[t.dim()] = numClasses;
        return Torch.zeros(s, DType.INT64).scatter_(-1, t.unsqueeze(-1), 1.0);
    }
}
