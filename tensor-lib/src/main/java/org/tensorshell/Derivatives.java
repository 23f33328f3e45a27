package org.tensorshell;

import org.tensorshell.core.BinaryOp;
import org.tensorshell.core.UnaryOp;

/**
 * The backward formulas of the pointwise primitives, one switch per op family (PyTorch's
 * derivatives.yaml). Every formula is written with differentiable tensor ops, so with createGraph
 * the backward pass is itself recorded and can be differentiated again. Gradients of broadcast inputs
 * are summed back to their shapes by the engine.
 */
final class Derivatives {
    private Derivatives() {}

    private static final double SQRT_2_OVER_PI = 0.7978845608028654;
    private static final double INV_SQRT_2PI = 0.3989422804014327;
    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;

    /** Whether the unary formula reads the input (saving only what is read keeps in-place updates legal). */
    static boolean readsInput(UnaryOp op) {
        return switch (op) {
            case ABS, LOG, LOG1P, SIN, COS, ERF, GELU, GELU_TANH, SILU, SOFTPLUS, SOFTPLUS_BETA, LEAKY_RELU, CLAMP,
                 NAN_TO_NUM -> true;
            case NEG, SIGN, LOGICAL_NOT, ISNAN, ISINF, EXP, EXPM1, SQRT, RSQRT, TANH, SIGMOID, RECIPROCAL, RELU -> false;
        };
    }

    /** Whether the unary formula reads the output. */
    static boolean readsOutput(UnaryOp op) {
        return switch (op) {
            case EXP, EXPM1, SQRT, RSQRT, TANH, SIGMOID, RECIPROCAL, RELU -> true;
            case ABS, LOG, LOG1P, SIN, COS, ERF, GELU, GELU_TANH, SILU, SOFTPLUS, SOFTPLUS_BETA, LEAKY_RELU, CLAMP,
                 NAN_TO_NUM, NEG, SIGN, LOGICAL_NOT, ISNAN, ISINF -> false;
        };
    }

    /** What the binary formula reads: {inputs, output}. */
    static boolean[] binaryReads(BinaryOp op) {
        return switch (op) {
            case ADD, SUB, FLOOR_DIVIDE, EQ, NE, LT, LE, GT, GE, LOGICAL_AND, LOGICAL_OR, LOGICAL_XOR -> new boolean[] {false, false};
            case MUL, DIV, MAXIMUM, MINIMUM, REMAINDER, ATAN2, THRESHOLD_BACKWARD -> new boolean[] {true, false};
            case POW -> new boolean[] {true, true};
        };
    }

    /** d out / d x times g, for out = op(x; p). */
    static Tensor unary(UnaryOp op, Tensor g, Tensor x, Tensor out, double[] p) {
        return switch (op) {
            case NEG -> g.neg();
            case ABS -> g.mul(x.sign());
            case SIGN, LOGICAL_NOT, ISNAN, ISINF -> g.mul(0.0);
            case EXP -> g.mul(out);                                      // d/dx e^x = e^x
            case LOG -> g.div(x);                                        // d/dx ln x = 1/x
            case LOG1P -> g.div(x.add(1.0));
            case EXPM1 -> g.mul(out.add(1.0));
            case SQRT -> g.div(out.mul(2.0));                            // 1 / (2 sqrt x)
            case RSQRT -> g.mul(out.pow(3L)).mul(-0.5);                  // -x^(-3/2) / 2
            case SIN -> g.mul(x.cos());
            case COS -> g.mul(x.sin()).neg();
            case TANH -> g.mul(out.square().rsub(1.0));                  // 1 - tanh^2
            case SIGMOID -> g.mul(out).mul(out.rsub(1.0));               // s (1 - s)
            case RECIPROCAL -> g.mul(out.square()).neg();                // -1/x^2
            case ERF -> g.mul(x.square().neg().exp()).mul(TWO_OVER_SQRT_PI);
            case RELU -> Pointwise.binary(BinaryOp.THRESHOLD_BACKWARD, g, out);
            // gelu' = Phi(x) + x phi(x)
            case GELU -> g.mul(x.mul(0.7071067811865476).erf().add(1.0).mul(0.5)
                .add(x.mul(x.square().mul(-0.5).exp()).mul(INV_SQRT_2PI)));
            case GELU_TANH -> {
                Tensor x2 = x.square();
                Tensor t = x.add(x.mul(x2).mul(0.044715)).mul(SQRT_2_OVER_PI).tanh();
                Tensor dt = t.square().rsub(1.0).mul(x2.mul(3 * 0.044715).add(1.0)).mul(SQRT_2_OVER_PI);
                yield g.mul(t.add(1.0).mul(0.5).add(x.mul(dt).mul(0.5)));
            }
            case SILU -> {                                               // s (1 + x (1 - s))
                Tensor s = x.sigmoid();
                yield g.mul(s.mul(x.mul(s.rsub(1.0)).add(1.0)));
            }
            case SOFTPLUS -> g.where(x.gt(20.0), g.mul(x.sigmoid()));
            case SOFTPLUS_BETA -> g.where(x.mul(p[0]).gt(p[1]), g.mul(x.mul(p[0]).sigmoid()));
            case LEAKY_RELU -> g.where(x.gt(0.0), g.mul(p[0]));
            case CLAMP -> {
                Tensor keep = null;
                if (!Double.isNaN(p[0])) keep = x.ge(p[0]);
                if (!Double.isNaN(p[1])) keep = keep == null ? x.le(p[1]) : keep.logicalAnd(x.le(p[1]));
                yield g.where(keep, 0.0);
            }
            case NAN_TO_NUM -> g.where(x.isnan().logicalOr(x.isinf()).logicalNot(), 0.0);
        };
    }

    /** Gradients of both inputs of out = op(a, b). */
    static Tensor[] binary(BinaryOp op, Tensor g, Tensor a, Tensor b, Tensor out) {
        return switch (op) {
            case ADD -> new Tensor[] {g, g};
            case SUB -> new Tensor[] {g, g.neg()};
            case MUL -> new Tensor[] {g.mul(b), g.mul(a)};
            case DIV -> new Tensor[] {g.div(b), g.neg().mul(a).div(b.square())};
            case POW -> new Tensor[] {
                // b a^(b-1), taken as 0 where b == 0 (also at a == 0)
                g.mul(b.mul(a.pow(b.sub(1.0)))).where(b.ne(0.0), 0.0),
                // a^b ln a, taken as 0 where a == 0 and b >= 0
                g.mul(out.mul(a.log())).where(a.eq(0.0).logicalAnd(b.ge(0.0)).logicalNot(), 0.0)};
            case MAXIMUM, MINIMUM -> {
                // ties share the gradient equally
                Tensor half = g.where(a.ne(b), g.mul(0.5));
                Tensor aWins = op == BinaryOp.MAXIMUM ? a.lt(b) : a.gt(b);
                Tensor bWins = op == BinaryOp.MAXIMUM ? a.gt(b) : a.lt(b);
                yield new Tensor[] {half.where(aWins.logicalNot(), 0.0), half.where(bWins.logicalNot(), 0.0)};
            }
            case REMAINDER -> new Tensor[] {g, g.neg().mul(a.div(b).floorDivide(Torch.onesLike(b)))};
            case FLOOR_DIVIDE -> new Tensor[] {g.mul(0.0), g.mul(0.0)};
            case ATAN2 -> {
                Tensor r = a.square().add(b.square());
                yield new Tensor[] {g.mul(b).div(r), g.mul(a).neg().div(r)};
            }
            case EQ, NE, LT, LE, GT, GE, LOGICAL_AND, LOGICAL_OR, LOGICAL_XOR -> new Tensor[] {null, null};
            // relu's backward is linear in the gradient and piecewise constant in the output
            case THRESHOLD_BACKWARD -> new Tensor[] {Pointwise.binary(BinaryOp.THRESHOLD_BACKWARD, g, b), null};
        };
    }

    static String nodeName(String op) {
        StringBuilder sb = new StringBuilder();
        boolean up = true;
        for (char c : op.toCharArray()) {
            if (c == '_') { up = true; continue; }
            sb.append(up ? Character.toUpperCase(c) : c);
            up = false;
        }
        return sb.append("Backward").toString();
    }
}
