package org.tensorshell.core;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;
import org.tensorshell.DType;

/** The closed set of two-input pointwise primitives, with their dtype rules and tile kernels. */
public enum BinaryOp {
    ADD("add", Rule.PROMOTE), SUB("sub", Rule.PROMOTE), MUL("mul", Rule.PROMOTE), DIV("div", Rule.FLOATING),
    POW("pow", Rule.PROMOTE), MAXIMUM("maximum", Rule.PROMOTE), MINIMUM("minimum", Rule.PROMOTE),
    REMAINDER("remainder", Rule.PROMOTE), FLOOR_DIVIDE("floor_divide", Rule.PROMOTE), ATAN2("atan2", Rule.FLOATING),
    EQ("eq", Rule.COMPARE), NE("ne", Rule.COMPARE), LT("lt", Rule.COMPARE), LE("le", Rule.COMPARE),
    GT("gt", Rule.COMPARE), GE("ge", Rule.COMPARE),
    LOGICAL_AND("logical_and", Rule.COMPARE), LOGICAL_OR("logical_or", Rule.COMPARE),
    LOGICAL_XOR("logical_xor", Rule.COMPARE),
    /** a where b > 0, else 0: relu's backward in one pass (a = gradient, b = relu's output). */
    THRESHOLD_BACKWARD("threshold_backward", Rule.PROMOTE);

    /** How the result dtype follows from the promoted input dtype. */
    public enum Rule { PROMOTE, FLOATING, COMPARE }

    public final String opName;
    public final Rule rule;

    BinaryOp(String opName, Rule rule) {
        this.opName = opName;
        this.rule = rule;
    }

    /** Rejects operand dtypes the op does not accept, before any work. */
    public void checkInputs(DType a, DType b) {
        if (this == POW && a == DType.BOOL && b == DType.BOOL) {
            throw new TensorError("pow: not implemented for torch.bool operands; convert with .to(INT64) first");
        }
        if (this == SUB && (a == DType.BOOL || b == DType.BOOL)) {
            throw new TensorError("sub: subtraction, the `-` operator, with " + (a == b ? "two bool tensors" : "a bool tensor")
                + " is not supported; to invert a mask use logicalNot(), for the difference of masks logicalXor()");
        }
    }

    public DType computeType(DType promoted) {
        return rule == Rule.FLOATING && !promoted.isFloatingPoint() ? DType.FLOAT32 : promoted;
    }

    public DType resultType(DType promoted) {
        return rule == Rule.COMPARE ? DType.BOOL : computeType(promoted);
    }

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    public TileLoop.Kernel kernel(DType compute) {
        return switch (compute) {
            case FLOAT32 -> f32Kernel;
            case FLOAT64 -> (t, n) -> applyDouble((double[]) t[1], (double[]) t[2], (double[]) t[0], n);
            case INT64, INT32, BOOL -> (t, n) -> applyLong((long[]) t[1], (long[]) t[2], (long[]) t[0], n);
        };
    }

    private final F32Kernel f32Kernel = new F32Kernel(this);

    /** The float32 tile kernel, named so that {@link TileLoop} can run {@link #hasDirectKernel} ops without tiles. */
    record F32Kernel(BinaryOp op) implements TileLoop.Kernel {
        @Override
        public void apply(Object[] t, int n) {
            op.applyFloat((float[]) t[1], (float[]) t[2], (float[]) t[0], n);
        }
    }

    /** Whether {@link TileLoop.Direct} has a float32 kernel for this op. */
    boolean hasDirectKernel() {
        return switch (this) {
            case ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM, THRESHOLD_BACKWARD -> true;
            default -> false;
        };
    }

    void applyFloat(float[] a, float[] b, float[] o, int n) {
        switch (this) {
            case ADD -> fAdd(a, b, o, n);
            case SUB -> fSub(a, b, o, n);
            case MUL -> fMul(a, b, o, n);
            case DIV -> fDiv(a, b, o, n);
            case MAXIMUM -> fMax(a, b, o, n);
            case THRESHOLD_BACKWARD -> {
                for (int i = 0; i < n; i++) o[i] = b[i] > 0 ? a[i] : 0f;
            }
            case MINIMUM -> fMin(a, b, o, n);
            default -> {
                DoubleBinaryOperator f = scalar();
                for (int i = 0; i < n; i++) o[i] = (float) f.applyAsDouble(a[i], b[i]);
            }
        }
    }

    void applyDouble(double[] a, double[] b, double[] o, int n) {
        switch (this) {
            case ADD -> dAdd(a, b, o, n);
            case SUB -> dSub(a, b, o, n);
            case MUL -> dMul(a, b, o, n);
            case DIV -> dDiv(a, b, o, n);
            default -> {
                DoubleBinaryOperator f = scalar();
                for (int i = 0; i < n; i++) o[i] = f.applyAsDouble(a[i], b[i]);
            }
        }
    }

    void applyLong(long[] a, long[] b, long[] o, int n) {
        LongBinaryOperator f = switch (this) {
            case ADD -> Long::sum;
            case SUB -> (x, y) -> x - y;
            case MUL -> (x, y) -> x * y;
            case POW -> BinaryOp::ipow;
            case MAXIMUM -> Math::max;
            case MINIMUM -> Math::min;
            case REMAINDER -> (x, y) -> {
                if (y == 0) throw new TensorError("remainder: ZeroDivisionError (integer division by zero)");
                return Math.floorMod(x, y);
            };
            case FLOOR_DIVIDE -> (x, y) -> {
                if (y == 0) throw new TensorError("floor_divide: ZeroDivisionError (integer division by zero)");
                return Math.floorDiv(x, y);
            };
            case EQ -> (x, y) -> x == y ? 1 : 0;
            case NE -> (x, y) -> x != y ? 1 : 0;
            case LT -> (x, y) -> x < y ? 1 : 0;
            case LE -> (x, y) -> x <= y ? 1 : 0;
            case GT -> (x, y) -> x > y ? 1 : 0;
            case GE -> (x, y) -> x >= y ? 1 : 0;
            case LOGICAL_AND -> (x, y) -> x != 0 && y != 0 ? 1 : 0;
            case LOGICAL_OR -> (x, y) -> x != 0 || y != 0 ? 1 : 0;
            case LOGICAL_XOR -> (x, y) -> (x != 0) != (y != 0) ? 1 : 0;
            case THRESHOLD_BACKWARD -> (x, y) -> y > 0 ? x : 0;
            case DIV, ATAN2 -> throw new IllegalStateException(opName + " has no integer kernel");
        };
        for (int i = 0; i < n; i++) o[i] = f.applyAsLong(a[i], b[i]);
    }

    private static long ipow(long base, long exp) {
        if (exp < 0) { // as C integer arithmetic: |base| > 1 to a negative power truncates to 0
            if (base == 1) return 1;
            if (base == -1) return (exp & 1) == 0 ? 1 : -1;
            return 0;
        }
        long r = 1;
        while (exp > 0) {
            if ((exp & 1) != 0) r *= base;
            base *= base;
            exp >>= 1;
        }
        return r;
    }

    /** The scalar definition of each op in double precision. */
    DoubleBinaryOperator scalar() {
        return switch (this) {
            case ADD -> Double::sum;
            case SUB -> (x, y) -> x - y;
            case MUL -> (x, y) -> x * y;
            case DIV -> (x, y) -> x / y;
            case POW -> Math::pow;
            case MAXIMUM -> Math::max;
            case MINIMUM -> Math::min;
            // Python's modulo: the result takes the sign of the divisor
            case REMAINDER -> (x, y) -> {
                double r = x % y;
                return r != 0 && (r < 0) != (y < 0) ? r + y : r;
            };
            case FLOOR_DIVIDE -> (x, y) -> Math.floor(x / y);
            case ATAN2 -> Math::atan2;
            case EQ -> (x, y) -> x == y ? 1 : 0;
            case NE -> (x, y) -> x != y ? 1 : 0;
            case LT -> (x, y) -> x < y ? 1 : 0;
            case LE -> (x, y) -> x <= y ? 1 : 0;
            case GT -> (x, y) -> x > y ? 1 : 0;
            case GE -> (x, y) -> x >= y ? 1 : 0;
            case LOGICAL_AND -> (x, y) -> x != 0 && y != 0 ? 1 : 0;
            case LOGICAL_OR -> (x, y) -> x != 0 || y != 0 ? 1 : 0;
            case LOGICAL_XOR -> (x, y) -> (x != 0) != (y != 0) ? 1 : 0;
            case THRESHOLD_BACKWARD -> (x, y) -> y > 0 ? x : 0;
        };
    }

    public int cost() {
        return switch (this) {
            case POW, ATAN2, REMAINDER, FLOOR_DIVIDE -> 8;
            default -> 1;
        };
    }

    private static void fAdd(float[] a, float[] b, float[] o, int n) {
        int i = 0, bound = FS.loopBound(n);
        for (; i < bound; i += FS.length()) {
            FloatVector.fromArray(FS, a, i).lanewise(VectorOperators.ADD, FloatVector.fromArray(FS, b, i)).intoArray(o, i);
        }
        for (; i < n; i++) o[i] = (float) scalarOf(VectorOperators.ADD, a[i], b[i]);
    }

    private static void fDiv(float[] a, float[] b, float[] o, int n) {
        int i = 0, bound = FS.loopBound(n);
        for (; i < bound; i += FS.length()) {
            FloatVector.fromArray(FS, a, i).lanewise(VectorOperators.DIV, FloatVector.fromArray(FS, b, i)).intoArray(o, i);
        }
        for (; i < n; i++) o[i] = (float) scalarOf(VectorOperators.DIV, a[i], b[i]);
    }

    private static void fMax(float[] a, float[] b, float[] o, int n) {
        int i = 0, bound = FS.loopBound(n);
        for (; i < bound; i += FS.length()) {
            FloatVector.fromArray(FS, a, i).lanewise(VectorOperators.MAX, FloatVector.fromArray(FS, b, i)).intoArray(o, i);
        }
        for (; i < n; i++) o[i] = (float) scalarOf(VectorOperators.MAX, a[i], b[i]);
    }

    private static void fMin(float[] a, float[] b, float[] o, int n) {
        int i = 0, bound = FS.loopBound(n);
        for (; i < bound; i += FS.length()) {
            FloatVector.fromArray(FS, a, i).lanewise(VectorOperators.MIN, FloatVector.fromArray(FS, b, i)).intoArray(o, i);
        }
        for (; i < n; i++) o[i] = (float) scalarOf(VectorOperators.MIN, a[i], b[i]);
    }

    private static void fMul(float[] a, float[] b, float[] o, int n) {
        int i = 0, bound = FS.loopBound(n);
        for (; i < bound; i += FS.length()) {
            FloatVector.fromArray(FS, a, i).lanewise(VectorOperators.MUL, FloatVector.fromArray(FS, b, i)).intoArray(o, i);
        }
        for (; i < n; i++) o[i] = (float) scalarOf(VectorOperators.MUL, a[i], b[i]);
    }

    private static void fSub(float[] a, float[] b, float[] o, int n) {
        int i = 0, bound = FS.loopBound(n);
        for (; i < bound; i += FS.length()) {
            FloatVector.fromArray(FS, a, i).lanewise(VectorOperators.SUB, FloatVector.fromArray(FS, b, i)).intoArray(o, i);
        }
        for (; i < n; i++) o[i] = (float) scalarOf(VectorOperators.SUB, a[i], b[i]);
    }

    private static void dAdd(double[] a, double[] b, double[] o, int n) {
        int i = 0, bound = DS.loopBound(n);
        for (; i < bound; i += DS.length()) {
            DoubleVector.fromArray(DS, a, i).lanewise(VectorOperators.ADD, DoubleVector.fromArray(DS, b, i)).intoArray(o, i);
        }
        for (; i < n; i++) o[i] = scalarOf(VectorOperators.ADD, a[i], b[i]);
    }

    private static void dDiv(double[] a, double[] b, double[] o, int n) {
        int i = 0, bound = DS.loopBound(n);
        for (; i < bound; i += DS.length()) {
            DoubleVector.fromArray(DS, a, i).lanewise(VectorOperators.DIV, DoubleVector.fromArray(DS, b, i)).intoArray(o, i);
        }
        for (; i < n; i++) o[i] = scalarOf(VectorOperators.DIV, a[i], b[i]);
    }

    private static void dMul(double[] a, double[] b, double[] o, int n) {
        int i = 0, bound = DS.loopBound(n);
        for (; i < bound; i += DS.length()) {
            DoubleVector.fromArray(DS, a, i).lanewise(VectorOperators.MUL, DoubleVector.fromArray(DS, b, i)).intoArray(o, i);
        }
        for (; i < n; i++) o[i] = scalarOf(VectorOperators.MUL, a[i], b[i]);
    }

    private static void dSub(double[] a, double[] b, double[] o, int n) {
        int i = 0, bound = DS.loopBound(n);
        for (; i < bound; i += DS.length()) {
            DoubleVector.fromArray(DS, a, i).lanewise(VectorOperators.SUB, DoubleVector.fromArray(DS, b, i)).intoArray(o, i);
        }
        for (; i < n; i++) o[i] = scalarOf(VectorOperators.SUB, a[i], b[i]);
    }

    private static double scalarOf(VectorOperators.Binary op, double x, double y) {
        if (op == VectorOperators.ADD) return x + y;
        if (op == VectorOperators.SUB) return x - y;
        if (op == VectorOperators.MUL) return x * y;
        if (op == VectorOperators.DIV) return x / y;
        if (op == VectorOperators.MAX) return Math.max(x, y);
        return Math.min(x, y);
    }
}
