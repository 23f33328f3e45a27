package org.tensorshell.nn.init;

import org.tensorshell.GradMode;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.TensorError;

/**
 * {@code torch.nn.init}: in-place initialisers, run without recording gradients. Modes are PyTorch's
 * strings ("fan_in", "fan_out"), as are nonlinearities ("relu", "leaky_relu", "tanh", "linear", ...).
 */
public final class Init {
    private Init() {}

    /** The recommended gain for a nonlinearity ({@code calculate_gain}); param is leaky_relu's slope (null: 0.01). */
    public static double calculateGain(String nonlinearity, Double param) {
        return switch (nonlinearity) {
            case "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "sigmoid" -> 1;
            case "tanh" -> 5.0 / 3;
            case "relu" -> Math.sqrt(2.0);
            case "leaky_relu" -> {
                double slope = param == null ? 0.01 : param;
                yield Math.sqrt(2.0 / (1 + slope * slope));
            }
            case "selu" -> 3.0 / 4;
            default -> throw new TensorError("calculate_gain: Unsupported nonlinearity " + nonlinearity);
        };
    }

    public static double calculateGain(String nonlinearity) { return calculateGain(nonlinearity, null); }

    /** (fan_in, fan_out) of a weight [out, in, k...]: in * receptive field, out * receptive field. */
    public static long[] calculateFanInAndFanOut(Tensor t) {
        if (t.dim() < 2) {
            throw new TensorError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
        }
        long receptive = 1;
        for (int d = 2; d < t.dim(); d++) receptive *= t.size(d);
        return new long[] {t.size(1) * receptive, t.size(0) * receptive};
    }

    private static long fan(Tensor t, String mode) {
        long[] f = calculateFanInAndFanOut(t);
        return switch (mode) {
            case "fan_in" -> f[0];
            case "fan_out" -> f[1];
            default -> throw new TensorError("Mode " + mode + " not supported, please use one of fan_in, fan_out");
        };
    }

    public static Tensor uniform_(Tensor t, double a, double b) {
        try (GradMode g = Torch.noGrad()) {
            return t.uniform_(a, b);
        }
    }

    public static Tensor uniform_(Tensor t) { return uniform_(t, 0, 1); }

    public static Tensor normal_(Tensor t, double mean, double std) {
        try (GradMode g = Torch.noGrad()) {
            return t.normal_(mean, std);
        }
    }

    public static Tensor normal_(Tensor t) { return normal_(t, 0, 1); }

    public static Tensor constant_(Tensor t, double v) {
        try (GradMode g = Torch.noGrad()) {
            return t.fill_(v);
        }
    }

    public static Tensor zeros_(Tensor t) { return constant_(t, 0); }

    public static Tensor ones_(Tensor t) { return constant_(t, 1); }

    /** The identity matrix into a 2-D tensor. */
    public static Tensor eye_(Tensor t) {
        if (t.dim() != 2) throw new TensorError("Only tensors with 2 dimensions are supported");
        try (GradMode g = Torch.noGrad()) {
            return t.copy_(Torch.eye(t.size(0), t.size(1), t.dtype()));
        }
    }

    /** Glorot: U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out)). */
    public static Tensor xavierUniform_(Tensor t, double gain) {
        long[] f = calculateFanInAndFanOut(t);
        double a = Math.sqrt(3.0) * gain * Math.sqrt(2.0 / (f[0] + f[1]));
        return uniform_(t, -a, a);
    }

    public static Tensor xavierUniform_(Tensor t) { return xavierUniform_(t, 1); }

    public static Tensor xavierNormal_(Tensor t, double gain) {
        long[] f = calculateFanInAndFanOut(t);
        return normal_(t, 0, gain * Math.sqrt(2.0 / (f[0] + f[1])));
    }

    public static Tensor xavierNormal_(Tensor t) { return xavierNormal_(t, 1); }

    /** He: U(-b, b) with b = gain(nonlinearity, a) * sqrt(3 / fan). */
    public static Tensor kaimingUniform_(Tensor t, double a, String mode, String nonlinearity) {
        if (t.numel() == 0) return t; // PyTorch warns and leaves a zero-element tensor alone
        double std = calculateGain(nonlinearity, a) / Math.sqrt(fan(t, mode));
        double bound = Math.sqrt(3.0) * std;
        return uniform_(t, -bound, bound);
    }

    public static Tensor kaimingUniform_(Tensor t, double a) { return kaimingUniform_(t, a, "fan_in", "leaky_relu"); }

    public static Tensor kaimingUniform_(Tensor t) { return kaimingUniform_(t, 0); }

    public static Tensor kaimingNormal_(Tensor t, double a, String mode, String nonlinearity) {
        if (t.numel() == 0) return t;
        return normal_(t, 0, calculateGain(nonlinearity, a) / Math.sqrt(fan(t, mode)));
    }

    public static Tensor kaimingNormal_(Tensor t, double a) { return kaimingNormal_(t, a, "fan_in", "leaky_relu"); }

    public static Tensor kaimingNormal_(Tensor t) { return kaimingNormal_(t, 0); }

    /** N(mean, std) truncated to [a, b]: out-of-range draws are redrawn. */
    public static Tensor truncNormal_(Tensor t, double mean, double std, double a, double b) {
        if (!(a < b)) throw new TensorError("trunc_normal_: expected a < b, got a=" + a + ", b=" + b);
        try (GradMode g = Torch.noGrad()) {
            Tensor v = Torch.empty(t.shape(), t.dtype()).normal_(mean, std);
            for (int round = 0; round < 1000; round++) {
                Tensor bad = v.lt(a).logicalOr(v.gt(b));
                if (bad.any().item() == 0) break;
                v = Torch.where(bad, Torch.empty(t.shape(), t.dtype()).normal_(mean, std), v);
            }
            return t.copy_(v.clamp(a, b));
        }
    }

    public static Tensor truncNormal_(Tensor t) { return truncNormal_(t, 0, 1, -2, 2); }
}
