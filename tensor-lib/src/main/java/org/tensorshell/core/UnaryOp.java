package org.tensorshell.core;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongUnaryOperator;
import org.tensorshell.DType;

/**
 * The closed set of one-input pointwise primitives. Each constant states its dtype rule; the tile
 * kernels below are one switch per tile type, so adding an op makes the compiler point at every
 * place that must learn it.
 */
public enum UnaryOp {
    NEG("neg", Rule.SAME_NO_BOOL), ABS("abs", Rule.SAME_NO_BOOL), SIGN("sign", Rule.SAME),
    EXP("exp", Rule.FLOATING), LOG("log", Rule.FLOATING), LOG1P("log1p", Rule.FLOATING),
    EXPM1("expm1", Rule.FLOATING), SQRT("sqrt", Rule.FLOATING), RSQRT("rsqrt", Rule.FLOATING),
    SIN("sin", Rule.FLOATING), COS("cos", Rule.FLOATING), TANH("tanh", Rule.FLOATING),
    SIGMOID("sigmoid", Rule.FLOATING), RECIPROCAL("reciprocal", Rule.FLOATING), ERF("erf", Rule.FLOATING),
    RELU("relu", Rule.SAME_NO_BOOL), GELU("gelu", Rule.FLOAT_ONLY), GELU_TANH("gelu", Rule.FLOAT_ONLY),
    SILU("silu", Rule.FLOAT_ONLY), SOFTPLUS("softplus", Rule.FLOAT_ONLY),
    LOGICAL_NOT("logical_not", Rule.TO_BOOL), ISNAN("isnan", Rule.TO_BOOL), ISINF("isinf", Rule.TO_BOOL),
    /** params: min, max (NaN = unbounded). */
    CLAMP("clamp", Rule.SAME_NO_BOOL),
    /** params: nan, posinf, neginf replacements. */
    NAN_TO_NUM("nan_to_num", Rule.SAME),
    /** params: negative slope. */
    LEAKY_RELU("leaky_relu", Rule.FLOAT_ONLY),
    /** params: beta, threshold (softplus with options). */
    SOFTPLUS_BETA("softplus", Rule.FLOAT_ONLY);

    /** How the result dtype follows from the input dtype. */
    public enum Rule { SAME, SAME_NO_BOOL, FLOATING, FLOAT_ONLY, TO_BOOL }

    public final String opName;
    public final Rule rule;

    UnaryOp(String opName, Rule rule) {
        this.opName = opName;
        this.rule = rule;
    }

    /** The dtype the kernel computes in, or a TensorError for an unsupported input dtype. */
    public DType computeType(DType in) {
        return switch (rule) {
            case SAME, TO_BOOL -> in;
            case SAME_NO_BOOL -> {
                if (in == DType.BOOL) {
                    throw new TensorError(opName + ": not supported for torch.bool tensors; convert with .to(INT64) or .to(FLOAT32) first");
                }
                yield in;
            }
            case FLOATING -> in.isFloatingPoint() ? in : DType.FLOAT32;
            case FLOAT_ONLY -> {
                if (!in.isFloatingPoint()) {
                    throw new TensorError(opName + ": expected a floating point tensor (torch.float32 or torch.float64), got " + in);
                }
                yield in;
            }
        };
    }

    public DType resultType(DType in) {
        return rule == Rule.TO_BOOL ? DType.BOOL : computeType(in);
    }

    /** Relative cost against an add, for the parallel grain. */
    public int cost() {
        return switch (this) {
            case NEG, ABS, SIGN, RELU, LOGICAL_NOT, ISNAN, ISINF, CLAMP, NAN_TO_NUM, LEAKY_RELU, RECIPROCAL, SQRT -> 1;
            case EXP, LOG, LOG1P, EXPM1, RSQRT, SIN, COS, TANH, SIGMOID, SILU, SOFTPLUS, SOFTPLUS_BETA -> 8;
            case ERF -> 32;
            case GELU, GELU_TANH -> 32;
        };
    }

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    public TileLoop.Kernel kernel(DType compute, double[] p) {
        return switch (compute) {
            case FLOAT32 -> (t, n) -> applyFloat((float[]) t[1], (float[]) t[0], n, p);
            case FLOAT64 -> (t, n) -> applyDouble((double[]) t[1], (double[]) t[0], n, p);
            case INT64, INT32, BOOL -> (t, n) -> applyLong((long[]) t[1], (long[]) t[0], n, p);
        };
    }

    void applyFloat(float[] x, float[] o, int n, double[] p) {
        switch (this) {
            case NEG -> fNeg(x, o, n);
            case ABS -> fAbs(x, o, n);
            case EXP -> fExp(x, o, n);
            case LOG -> fLog(x, o, n);
            case LOG1P -> fLog1P(x, o, n);
            case EXPM1 -> fExpm1(x, o, n);
            case SQRT -> fSqrt(x, o, n);
            case SIN -> fSin(x, o, n);
            case COS -> fCos(x, o, n);
            case TANH -> fTanh(x, o, n);
            case RELU -> fRelu(x, o, n);
            case SIGMOID -> {
                // 1 / (1 + exp(-x)); exp(-x) overflows to +inf for very negative x, giving 0 as wanted
                int i = 0;
                for (; i < n; i += FS.length()) {
                    VectorMask<Float> m = FS.indexInRange(i, n);
                    FloatVector v = FloatVector.fromArray(FS, x, i, m);
                    FloatVector.broadcast(FS, 1f).div(v.neg().lanewise(VectorOperators.EXP).add(1f)).intoArray(o, i, m);
                }
            }
            case SILU -> {
                int i = 0;
                for (; i < n; i += FS.length()) {
                    VectorMask<Float> m = FS.indexInRange(i, n);
                    FloatVector v = FloatVector.fromArray(FS, x, i, m);
                    v.div(v.neg().lanewise(VectorOperators.EXP).add(1f)).intoArray(o, i, m);
                }
            }
            default -> {
                DoubleUnaryOperator f = scalar(p);
                for (int i = 0; i < n; i++) o[i] = (float) f.applyAsDouble(x[i]);
            }
        }
    }

    void applyDouble(double[] x, double[] o, int n, double[] p) {
        switch (this) {
            case NEG -> dNeg(x, o, n);
            case ABS -> dAbs(x, o, n);
            case EXP -> dExp(x, o, n);
            case LOG -> dLog(x, o, n);
            case TANH -> dTanh(x, o, n);
            case SQRT -> dSqrt(x, o, n);
            default -> {
                DoubleUnaryOperator f = scalar(p);
                for (int i = 0; i < n; i++) o[i] = f.applyAsDouble(x[i]);
            }
        }
    }

    void applyLong(long[] x, long[] o, int n, double[] p) {
        LongUnaryOperator f = switch (this) {
            case NEG -> v -> -v;
            case ABS -> Math::abs;
            case SIGN -> Long::signum;
            case RELU -> v -> Math.max(v, 0);
            case LOGICAL_NOT -> v -> v == 0 ? 1 : 0;
            case ISNAN, ISINF -> v -> 0;
            case CLAMP -> v -> {
                long r = v;
                if (!Double.isNaN(p[0]) && r < p[0]) r = (long) p[0];
                if (!Double.isNaN(p[1]) && r > p[1]) r = (long) p[1];
                return r;
            };
            case NAN_TO_NUM -> v -> v;
            case EXP, LOG, LOG1P, EXPM1, SQRT, RSQRT, SIN, COS, TANH, SIGMOID, RECIPROCAL, ERF, GELU, GELU_TANH, SILU,
                 SOFTPLUS, LEAKY_RELU, SOFTPLUS_BETA ->
                throw new IllegalStateException(opName + " has no integer kernel");
        };
        for (int i = 0; i < n; i++) o[i] = f.applyAsLong(x[i]);
    }

    /** The scalar definition of each op in double precision: the specification the fast paths match. */
    DoubleUnaryOperator scalar(double[] p) {
        return switch (this) {
            case NEG -> v -> -v;
            case ABS -> Math::abs;
            case SIGN -> v -> v != v ? 0.0 : Math.signum(v) + 0.0; // PyTorch: sign(NaN) = 0, sign(-0) = 0
            case EXP -> Math::exp;
            case LOG -> Math::log;
            case LOG1P -> Math::log1p;
            case EXPM1 -> Math::expm1;
            case SQRT -> Math::sqrt;
            case RSQRT -> v -> 1 / Math.sqrt(v);
            case SIN -> Math::sin;
            case COS -> Math::cos;
            case TANH -> Math::tanh;
            case SIGMOID -> MathFns::sigmoid;
            case RECIPROCAL -> v -> 1 / v;
            case ERF -> MathFns::erf;
            case RELU -> v -> v > 0 || v != v ? v : 0.0;
            // gelu(x) = x * Phi(x) = x/2 * (1 + erf(x / sqrt 2))
            case GELU -> v -> 0.5 * v * (1 + MathFns.erf(v * 0.7071067811865476));
            // the tanh approximation: x/2 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3)))
            case GELU_TANH -> v -> 0.5 * v * (1 + Math.tanh(0.7978845608028654 * (v + 0.044715 * v * v * v)));
            case SILU -> v -> v * MathFns.sigmoid(v);
            case SOFTPLUS -> v -> v > 20 ? v : MathFns.softplus(v);
            case SOFTPLUS_BETA -> v -> v * p[0] > p[1] ? v : MathFns.softplus(v * p[0]) / p[0];
            case LOGICAL_NOT -> v -> v == 0 ? 1 : 0;
            case ISNAN -> v -> v != v ? 1 : 0;
            case ISINF -> v -> Double.isInfinite(v) ? 1 : 0;
            case CLAMP -> v -> {
                double r = v;
                if (!Double.isNaN(p[0]) && r < p[0]) r = p[0];
                if (!Double.isNaN(p[1]) && r > p[1]) r = p[1];
                return r;
            };
            case NAN_TO_NUM -> v -> v != v ? p[0] : v == Double.POSITIVE_INFINITY ? p[1]
                : v == Double.NEGATIVE_INFINITY ? p[2] : v;
            case LEAKY_RELU -> v -> v > 0 ? v : v * p[0];
        };
    }

    private static void fAbs(float[] x, float[] o, int n) {
        int i = 0, bound = FS.loopBound(n);
        for (; i < bound; i += FS.length()) FloatVector.fromArray(FS, x, i).lanewise(VectorOperators.ABS).intoArray(o, i);
        if (i < n) {
            VectorMask<Float> m = FS.indexInRange(i, n);
            FloatVector.fromArray(FS, x, i, m).lanewise(VectorOperators.ABS).intoArray(o, i, m);
        }
    }

    private static void fCos(float[] x, float[] o, int n) {
        int i = 0, bound = FS.loopBound(n);
        for (; i < bound; i += FS.length()) FloatVector.fromArray(FS, x, i).lanewise(VectorOperators.COS).intoArray(o, i);
        if (i < n) {
            VectorMask<Float> m = FS.indexInRange(i, n);
            FloatVector.fromArray(FS, x, i, m).lanewise(VectorOperators.COS).intoArray(o, i, m);
        }
    }

    private static void fExp(float[] x, float[] o, int n) {
        int i = 0, bound = FS.loopBound(n);
        for (; i < bound; i += FS.length()) FloatVector.fromArray(FS, x, i).lanewise(VectorOperators.EXP).intoArray(o, i);
        if (i < n) {
            VectorMask<Float> m = FS.indexInRange(i, n);
            FloatVector.fromArray(FS, x, i, m).lanewise(VectorOperators.EXP).intoArray(o, i, m);
        }
    }

    private static void fExpm1(float[] x, float[] o, int n) {
        int i = 0, bound = FS.loopBound(n);
        for (; i < bound; i += FS.length()) FloatVector.fromArray(FS, x, i).lanewise(VectorOperators.EXPM1).intoArray(o, i);
        if (i < n) {
            VectorMask<Float> m = FS.indexInRange(i, n);
            FloatVector.fromArray(FS, x, i, m).lanewise(VectorOperators.EXPM1).intoArray(o, i, m);
        }
    }

    private static void fLog(float[] x, float[] o, int n) {
        int i = 0, bound = FS.loopBound(n);
        for (; i < bound; i += FS.length()) FloatVector.fromArray(FS, x, i).lanewise(VectorOperators.LOG).intoArray(o, i);
        if (i < n) {
            VectorMask<Float> m = FS.indexInRange(i, n);
            FloatVector.fromArray(FS, x, i, m).lanewise(VectorOperators.LOG).intoArray(o, i, m);
        }
    }

    private static void fLog1P(float[] x, float[] o, int n) {
        int i = 0, bound = FS.loopBound(n);
        for (; i < bound; i += FS.length()) FloatVector.fromArray(FS, x, i).lanewise(VectorOperators.LOG1P).intoArray(o, i);
        if (i < n) {
            VectorMask<Float> m = FS.indexInRange(i, n);
            FloatVector.fromArray(FS, x, i, m).lanewise(VectorOperators.LOG1P).intoArray(o, i, m);
        }
    }

    private static void fNeg(float[] x, float[] o, int n) {
        int i = 0, bound = FS.loopBound(n);
        for (; i < bound; i += FS.length()) FloatVector.fromArray(FS, x, i).lanewise(VectorOperators.NEG).intoArray(o, i);
        if (i < n) {
            VectorMask<Float> m = FS.indexInRange(i, n);
            FloatVector.fromArray(FS, x, i, m).lanewise(VectorOperators.NEG).intoArray(o, i, m);
        }
    }

    private static void fSin(float[] x, float[] o, int n) {
        int i = 0, bound = FS.loopBound(n);
        for (; i < bound; i += FS.length()) FloatVector.fromArray(FS, x, i).lanewise(VectorOperators.SIN).intoArray(o, i);
        if (i < n) {
            VectorMask<Float> m = FS.indexInRange(i, n);
            FloatVector.fromArray(FS, x, i, m).lanewise(VectorOperators.SIN).intoArray(o, i, m);
        }
    }

    private static void fSqrt(float[] x, float[] o, int n) {
        int i = 0, bound = FS.loopBound(n);
        for (; i < bound; i += FS.length()) FloatVector.fromArray(FS, x, i).lanewise(VectorOperators.SQRT).intoArray(o, i);
        if (i < n) {
            VectorMask<Float> m = FS.indexInRange(i, n);
            FloatVector.fromArray(FS, x, i, m).lanewise(VectorOperators.SQRT).intoArray(o, i, m);
        }
    }

    private static void fTanh(float[] x, float[] o, int n) {
        int i = 0, bound = FS.loopBound(n);
        for (; i < bound; i += FS.length()) FloatVector.fromArray(FS, x, i).lanewise(VectorOperators.TANH).intoArray(o, i);
        if (i < n) {
            VectorMask<Float> m = FS.indexInRange(i, n);
            FloatVector.fromArray(FS, x, i, m).lanewise(VectorOperators.TANH).intoArray(o, i, m);
        }
    }

    private static void dAbs(double[] x, double[] o, int n) {
        int i = 0, bound = DS.loopBound(n);
        for (; i < bound; i += DS.length()) DoubleVector.fromArray(DS, x, i).lanewise(VectorOperators.ABS).intoArray(o, i);
        if (i < n) {
            VectorMask<Double> m = DS.indexInRange(i, n);
            DoubleVector.fromArray(DS, x, i, m).lanewise(VectorOperators.ABS).intoArray(o, i, m);
        }
    }

    private static void dExp(double[] x, double[] o, int n) {
        int i = 0, bound = DS.loopBound(n);
        for (; i < bound; i += DS.length()) DoubleVector.fromArray(DS, x, i).lanewise(VectorOperators.EXP).intoArray(o, i);
        if (i < n) {
            VectorMask<Double> m = DS.indexInRange(i, n);
            DoubleVector.fromArray(DS, x, i, m).lanewise(VectorOperators.EXP).intoArray(o, i, m);
        }
    }

    private static void dLog(double[] x, double[] o, int n) {
        int i = 0, bound = DS.loopBound(n);
        for (; i < bound; i += DS.length()) DoubleVector.fromArray(DS, x, i).lanewise(VectorOperators.LOG).intoArray(o, i);
        if (i < n) {
            VectorMask<Double> m = DS.indexInRange(i, n);
            DoubleVector.fromArray(DS, x, i, m).lanewise(VectorOperators.LOG).intoArray(o, i, m);
        }
    }

    private static void dNeg(double[] x, double[] o, int n) {
        int i = 0, bound = DS.loopBound(n);
        for (; i < bound; i += DS.length()) DoubleVector.fromArray(DS, x, i).lanewise(VectorOperators.NEG).intoArray(o, i);
        if (i < n) {
            VectorMask<Double> m = DS.indexInRange(i, n);
            DoubleVector.fromArray(DS, x, i, m).lanewise(VectorOperators.NEG).intoArray(o, i, m);
        }
    }

    private static void dSqrt(double[] x, double[] o, int n) {
        int i = 0, bound = DS.loopBound(n);
        for (; i < bound; i += DS.length()) DoubleVector.fromArray(DS, x, i).lanewise(VectorOperators.SQRT).intoArray(o, i);
        if (i < n) {
            VectorMask<Double> m = DS.indexInRange(i, n);
            DoubleVector.fromArray(DS, x, i, m).lanewise(VectorOperators.SQRT).intoArray(o, i, m);
        }
    }

    private static void dTanh(double[] x, double[] o, int n) {
        int i = 0, bound = DS.loopBound(n);
        for (; i < bound; i += DS.length()) DoubleVector.fromArray(DS, x, i).lanewise(VectorOperators.TANH).intoArray(o, i);
        if (i < n) {
            VectorMask<Double> m = DS.indexInRange(i, n);
            DoubleVector.fromArray(DS, x, i, m).lanewise(VectorOperators.TANH).intoArray(o, i, m);
        }
    }

    // max(x, 0) keeps NaN, as PyTorch's relu does
    private static void fRelu(float[] x, float[] o, int n) {
        int i = 0, bound = FS.loopBound(n);
        FloatVector zero = FloatVector.zero(FS);
        for (; i < bound; i += FS.length()) FloatVector.fromArray(FS, x, i).max(zero).intoArray(o, i);
        for (; i < n; i++) o[i] = x[i] > 0 || x[i] != x[i] ? x[i] : 0f;
    }
}
