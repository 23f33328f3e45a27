package org.tensorshell.diff;

import static org.tensorshell.diff.Gen.*;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.tensorshell.DType;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;

/** Pointwise ops, type promotion, broadcasting, in-place rules and printing against PyTorch 1.13. */
@Tag("backend")
class PointwiseDiffTest {

    record U(String name, Function<Tensor, Tensor> java, String py) {}

    static final List<U> UNARY = List.of(
        new U("neg", Tensor::neg, "x[0].neg()"), new U("abs", Tensor::abs, "x[0].abs()"),
        new U("sign", Tensor::sign, "x[0].sign()"), new U("exp", Tensor::exp, "x[0].exp()"),
        new U("log", Tensor::log, "x[0].log()"), new U("log1p", Tensor::log1p, "x[0].log1p()"),
        new U("expm1", Tensor::expm1, "x[0].expm1()"), new U("sqrt", Tensor::sqrt, "x[0].sqrt()"),
        new U("rsqrt", Tensor::rsqrt, "x[0].rsqrt()"), new U("sin", Tensor::sin, "x[0].sin()"),
        new U("cos", Tensor::cos, "x[0].cos()"), new U("tanh", Tensor::tanh, "x[0].tanh()"),
        new U("sigmoid", Tensor::sigmoid, "x[0].sigmoid()"), new U("reciprocal", Tensor::reciprocal, "x[0].reciprocal()"),
        new U("relu", Tensor::relu, "x[0].relu()"), new U("gelu", Tensor::gelu, "F.gelu(x[0])"),
        new U("gelu_tanh", t -> t.gelu("tanh"), "F.gelu(x[0], approximate='tanh')"),
        new U("silu", Tensor::silu, "F.silu(x[0])"), new U("softplus", Tensor::softplus, "F.softplus(x[0])"),
        new U("softplus_beta", t -> t.softplus(2, 5), "F.softplus(x[0], beta=2, threshold=5)"),
        new U("leaky_relu", t -> t.leakyRelu(0.1), "F.leaky_relu(x[0], 0.1)"),
        new U("logical_not", Tensor::logicalNot, "x[0].logical_not()"), new U("isnan", Tensor::isnan, "x[0].isnan()"),
        new U("isinf", Tensor::isinf, "x[0].isinf()"), new U("clamp", t -> t.clamp(-0.5, 0.7), "x[0].clamp(-0.5, 0.7)"),
        new U("clamp_min", t -> t.clampMin(0.25), "x[0].clamp(min=0.25)"),
        new U("nan_to_num", Tensor::nanToNum, "x[0].nan_to_num()"), new U("square", Tensor::square, "x[0].square()"));

    record B(String name, java.util.function.BinaryOperator<Tensor> java, String py) {}

    static final List<B> BINARY = List.of(
        new B("add", Tensor::add, "x[0] + x[1]"), new B("sub", Tensor::sub, "x[0] - x[1]"),
        new B("mul", Tensor::mul, "x[0] * x[1]"), new B("div", Tensor::div, "x[0] / x[1]"),
        new B("pow", Tensor::pow, "x[0].pow(x[1])"), new B("maximum", Tensor::maximum, "torch.maximum(x[0], x[1])"),
        new B("minimum", Tensor::minimum, "torch.minimum(x[0], x[1])"),
        new B("remainder", Tensor::remainder, "torch.remainder(x[0], x[1])"),
        new B("floor_divide", Tensor::floorDivide, "torch.floor_divide(x[0], x[1])"),
        new B("atan2", Tensor::atan2, "torch.atan2(x[0], x[1])"),
        new B("eq", Tensor::eq, "x[0] == x[1]"), new B("ne", Tensor::ne, "x[0] != x[1]"),
        new B("lt", Tensor::lt, "x[0] < x[1]"), new B("le", Tensor::le, "x[0] <= x[1]"),
        new B("gt", Tensor::gt, "x[0] > x[1]"), new B("ge", Tensor::ge, "x[0] >= x[1]"),
        new B("logical_and", Tensor::logicalAnd, "torch.logical_and(x[0], x[1])"),
        new B("logical_or", Tensor::logicalOr, "torch.logical_or(x[0], x[1])"),
        new B("logical_xor", Tensor::logicalXor, "torch.logical_xor(x[0], x[1])"));

    static final DType[] ALL = DType.values();

    @TestFactory
    Stream<DynamicTest> unary() {
        List<DiffCase> cs = list();
        for (U u : UNARY) {
            Function<List<Tensor>, Object> f = x -> u.java().apply(x.get(0));
            for (DType dt : ALL) cs.add(c(u.name() + "/" + tag(dt) + "/3x4", f, u.py(), in(rnd(dt, 3, 4))));
            cs.add(c(u.name() + "/f32/scalar", f, u.py(), in(rnd(DType.FLOAT32))));
            cs.add(c(u.name() + "/f32/2x3x5", f, u.py(), in(rnd(DType.FLOAT32, 2, 3, 5))));
            cs.add(c(u.name() + "/f32/0x3", f, u.py(), in(rnd(DType.FLOAT32, 0, 3))));
            cs.add(c(u.name() + "/f32/transposed", f, u.py(), transposed(rnd(DType.FLOAT32, 4, 3))));
            cs.add(c(u.name() + "/f64/strided", f, u.py(), strided(rnd(DType.FLOAT64, 3, 8))));
            cs.add(c(u.name() + "/f32/special", f, u.py(), in(special(DType.FLOAT32))));
            cs.add(c(u.name() + "/f64/special", f, u.py(), in(special(DType.FLOAT64))));
            cs.add(c(u.name() + "/f32/large", f, u.py(), in(rnd(DType.FLOAT32, 300, 70))));
        }
        return TorchOracle.run("unary", cs);
    }

    @TestFactory
    Stream<DynamicTest> binary() {
        List<DiffCase> cs = list();
        long[][][] shapes = {{{3, 4}, {3, 4}}, {{3, 4}, {4}}, {{2, 1, 4}, {3, 1}}, {{}, {5}}, {{0, 3}, {3}}, {{3, 4}, {5}}};
        DType[][] dtypes = {{DType.FLOAT32, DType.FLOAT32}, {DType.FLOAT32, DType.FLOAT64}, {DType.INT64, DType.FLOAT32},
            {DType.INT64, DType.INT32}, {DType.BOOL, DType.BOOL}, {DType.INT64, DType.INT64}, {DType.BOOL, DType.FLOAT32},
            {DType.INT32, DType.INT32}};
        for (B b : BINARY) {
            Function<List<Tensor>, Object> f = x -> b.java().apply(x.get(0), x.get(1));
            for (long[][] s : shapes) {
                cs.add(c(b.name() + "/f32/" + shapeTag(s[0]) + "_" + shapeTag(s[1]), f, b.py(),
                    in(rnd(DType.FLOAT32, s[0])), in(rnd(DType.FLOAT32, s[1]))));
            }
            for (DType[] d : dtypes) {
                cs.add(c(b.name() + "/" + tag(d[0]) + "_" + tag(d[1]), f, b.py(), in(rnd(d[0], 2, 3)), in(rnd(d[1], 3))));
            }
            cs.add(c(b.name() + "/0dim_f64_with_f32", f, b.py(), in(rnd(DType.FLOAT32, 4)), in(rnd(DType.FLOAT64))));
            cs.add(c(b.name() + "/0dim_f32_with_i64", f, b.py(), in(rnd(DType.INT64, 4)), in(rnd(DType.FLOAT32))));
            cs.add(c(b.name() + "/transposed", f, b.py(), transposed(rnd(DType.FLOAT32, 4, 3)), in(rnd(DType.FLOAT32, 3, 4))));
            cs.add(c(b.name() + "/strided_f64", f, b.py(), strided(rnd(DType.FLOAT64, 2, 6)), in(rnd(DType.FLOAT64, 2, 3))));
            cs.add(c(b.name() + "/special", f, b.py(), in(special(DType.FLOAT32)), in(Gen.special(DType.FLOAT32).neg())));
            cs.add(c(b.name() + "/large", f, b.py(), in(rnd(DType.FLOAT32, 100, 300)), in(rnd(DType.FLOAT32, 300))));
        }
        return TorchOracle.run("binary", cs);
    }

    @TestFactory
    Stream<DynamicTest> scalarsAndInPlace() {
        List<DiffCase> cs = list();
        DType[] dts = {DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.INT32, DType.BOOL};
        for (DType dt : dts) {
            String t = tag(dt);
            cs.add(c("add_double/" + t, x -> x.get(0).add(2.5), "x[0] + 2.5", in(rnd(dt, 5))));
            cs.add(c("add_long/" + t, x -> x.get(0).add(3L), "x[0] + 3", in(rnd(dt, 5))));
            cs.add(c("mul_double/" + t, x -> x.get(0).mul(-1.5), "x[0] * -1.5", in(rnd(dt, 5))));
            cs.add(c("div_long/" + t, x -> x.get(0).div(2L), "x[0] / 2", in(rnd(dt, 5))));
            cs.add(c("pow_2/" + t, x -> x.get(0).pow(2L), "x[0] ** 2", in(rnd(dt, 5))));
            cs.add(c("pow_half/" + t, x -> x.get(0).pow(0.5), "x[0] ** 0.5", in(rnd(dt, 5))));
            cs.add(c("rsub/" + t, x -> x.get(0).rsub(1.0), "1.0 - x[0]", in(rnd(dt, 5))));
            cs.add(c("gt_scalar/" + t, x -> x.get(0).gt(0.5), "x[0] > 0.5", in(rnd(dt, 5))));
            cs.add(c("add_/" + t + "_f32", x -> x.get(0).add_(x.get(1)), "x[0].add_(x[1])", in(rnd(dt, 2, 3)), in(rnd(DType.FLOAT32, 3))));
            cs.add(c("mul_/" + t + "_i64", x -> x.get(0).mul_(x.get(1)), "x[0].mul_(x[1])", in(rnd(dt, 2, 3)), in(rnd(DType.INT64, 3))));
            cs.add(c("sub_scalar_/" + t, x -> x.get(0).sub_(1.0), "x[0].sub_(1.0)", in(rnd(dt, 4))));
            cs.add(c("exp_/" + t, x -> x.get(0).exp_(), "x[0].exp_()", in(rnd(dt, 4))));
            cs.add(c("clamp_/" + t, x -> x.get(0).clamp_(-1, 1), "x[0].clamp_(-1, 1)", in(rnd(dt, 4))));
            cs.add(c("to_f32/" + t, x -> x.get(0).to(DType.FLOAT32), "x[0].to(torch.float32)", in(rnd(dt, 4))));
            cs.add(c("to_i64/" + t, x -> x.get(0).to(DType.INT64), "x[0].to(torch.int64)", in(rnd(dt, 4))));
            cs.add(c("to_bool/" + t, x -> x.get(0).to(DType.BOOL), "x[0].to(torch.bool)", in(rnd(dt, 4))));
            cs.add(c("where/" + t, x -> Torch.where(x.get(0).gt(0), x.get(0), x.get(1)), "torch.where(x[0] > 0, x[0], x[1])",
                in(rnd(dt, 3, 4)), in(rnd(DType.FLOAT32, 4))));
            cs.add(c("masked_fill/" + t, x -> x.get(0).maskedFill(x.get(1), 7), "x[0].masked_fill(x[1], 7)",
                in(rnd(dt, 3, 4)), in(rnd(DType.BOOL, 4))));
            cs.add(c("str/" + t + "/3x4", x -> x.get(0).toString(), "str(x[0])", in(rnd(dt, 3, 4))));
        }
        cs.add(c("add_/broadcast_target_error", x -> x.get(0).add_(x.get(1)), "x[0].add_(x[1])",
            in(rnd(DType.FLOAT32, 3)), in(rnd(DType.FLOAT32, 2, 3))));
        cs.add(c("add_/transposed_target", x -> x.get(0).add_(x.get(1)), "x[0].add_(x[1])",
            transposed(rnd(DType.FLOAT32, 3, 4)), in(rnd(DType.FLOAT32, 3))));
        cs.add(c("copy_/broadcast", x -> x.get(0).copy_(x.get(1)), "x[0].copy_(x[1])",
            in(rnd(DType.FLOAT64, 3, 4)), in(rnd(DType.INT64, 4))));
        cs.add(c("nan_to_num/args", x -> x.get(0).nanToNum(1, 2, 3), "x[0].nan_to_num(1, 2, 3)", in(special(DType.FLOAT32))));
        return TorchOracle.run("scalars", cs);
    }

    @TestFactory
    Stream<DynamicTest> printing() {
        List<DiffCase> cs = list();
        Object[][] texts = {
            {"small_f32", rnd(DType.FLOAT32, 2, 3)}, {"ints_as_float", Torch.tensor(new double[] {1, 2, 300})},
            {"sci", Torch.tensor(new double[] {1e-5, 1, 1000})}, {"huge", Torch.tensor(new double[] {1e9, 2})},
            {"special", special(DType.FLOAT32)}, {"f64", rnd(DType.FLOAT64, 3)}, {"i64", rnd(DType.INT64, 2, 2)},
            {"bool", rnd(DType.BOOL, 5)}, {"i32", rnd(DType.INT32, 4)}, {"scalar", Torch.tensor((Object) 3.25)},
            {"empty", Torch.zeros(0)}, {"empty2d", Torch.zeros(2, 0)}, {"empty_i64", Torch.zeros(new long[] {0}, DType.INT64)},
            {"summarised_1d", Torch.arange(2000.0)}, {"summarised_2d", rnd(DType.FLOAT32, 100, 50)},
            {"summarised_3d", rnd(DType.FLOAT64, 20, 10, 10)}, {"long_row", rnd(DType.FLOAT32, 40)},
            {"neg_zero", Torch.tensor(new double[] {-0.0, 0.0, -0.00001})}, {"int_mode_neg", Torch.tensor(new double[] {-1, 2, 3})},
            {"zeros", Torch.zeros(3)}, {"4d", rnd(DType.FLOAT32, 2, 2, 2, 2)}, {"big_ints", Torch.tensor(new long[] {1L << 40, -3})},
            {"half_even", Torch.tensor(new double[] {0.00005, 0.00015, 2.5, 0.125}, DType.FLOAT64)},
        };
        for (Object[] t : texts) cs.add(c("str/" + t[0], x -> x.get(0).toString(), "str(x[0])", in((Tensor) t[1])));
        return TorchOracle.run("printing", cs);
    }
}
