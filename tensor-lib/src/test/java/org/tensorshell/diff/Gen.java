package org.tensorshell.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.tensorshell.DType;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;

/** Deterministic inputs for differential cases. */
public final class Gen {
    private Gen() {}

    private static final Random RNG = new Random(20261125);

    /** Random values of a dtype: floats in [-2, 2), ints in [-5, 5], bools. */
    public static Tensor rnd(DType dt, long... shape) {
        long n = 1;
        for (long s : shape) n *= s;
        double[] d = new double[(int) n];
        for (int i = 0; i < n; i++) {
            d[i] = switch (dt) {
                case FLOAT32, FLOAT64 -> RNG.nextDouble() * 4 - 2;
                case INT64, INT32 -> RNG.nextInt(11) - 5;
                case BOOL -> RNG.nextBoolean() ? 1 : 0;
            };
        }
        return Torch.tensor(d, DType.FLOAT64).to(dt).reshape(shape);
    }

    /** Positive values (for log, sqrt, pow bases). */
    public static Tensor pos(DType dt, long... shape) {
        return rnd(DType.FLOAT64, shape).abs().add(0.1).to(dt);
    }

    /** NaN, infinities, signed zeros, tiny and huge values. */
    public static Tensor special(DType dt) {
        return Torch.tensor(new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
            1e-30, 30, -30, 1e10, -1e-10, 0.5, -2.5}, dt);
    }

    public static DiffCase.Input in(Tensor t) { return new DiffCase.Input(t, null, null); }

    /** The tensor seen through a transpose of its last two dims (non-contiguous). */
    public static DiffCase.Input transposed(Tensor base) {
        return new DiffCase.Input(base, t -> t.transpose(-2, -1), ".transpose(-2, -1)");
    }

    /** A strided slice: every other element of the last dim. */
    public static DiffCase.Input strided(Tensor base) {
        return new DiffCase.Input(base, t -> t.slice(-1, 0, Long.MAX_VALUE, 2), "[..., ::2]");
    }

    public static DiffCase c(String name, Function<List<Tensor>, Object> java, String py, DiffCase.Input... inputs) {
        return new DiffCase(name, List.of(inputs), java, py);
    }

    public static List<DiffCase> list() { return new ArrayList<>(); }

    public static String tag(DType dt) {
        return switch (dt) {
            case FLOAT32 -> "f32";
            case FLOAT64 -> "f64";
            case INT64 -> "i64";
            case INT32 -> "i32";
            case BOOL -> "bool";
        };
    }

    public static String shapeTag(long... s) {
        StringBuilder sb = new StringBuilder();
        for (long v : s) sb.append(sb.isEmpty() ? "" : "x").append(v);
        return sb.isEmpty() ? "scalar" : sb.toString();
    }
}
