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

/** Reductions, scans, softmax and the matrix products against PyTorch 1.13. */
@Tag("backend")
class ReduceLinalgDiffTest {

    record R(String name, Function<Tensor, Object> java, String py, boolean floatOnly) {}

    static final List<R> REDUCTIONS = List.of(
        new R("sum", Tensor::sum, "x[0].sum()", false),
        new R("sum_d1", t -> t.sum(1), "x[0].sum(1)", false),
        new R("sum_d0_keep", t -> t.sum(0, true), "x[0].sum(0, keepdim=True)", false),
        new R("sum_dims", t -> t.sum(new int[] {0, -1}, false), "x[0].sum((0, -1))", false),
        new R("sum_f64", t -> t.sum(DType.FLOAT64), "x[0].sum(dtype=torch.float64)", false),
        new R("mean", Tensor::mean, "x[0].mean()", true),
        new R("mean_d1_keep", t -> t.mean(1, true), "x[0].mean(1, keepdim=True)", true),
        new R("prod_d1", t -> t.prod(1), "x[0].prod(1)", false),
        new R("max", Tensor::max, "x[0].max()", false),
        new R("max_d1", t -> t.max(1), "x[0].max(1)", false),
        new R("min_d0_keep", t -> t.min(0, true), "x[0].min(0, keepdim=True)", false),
        new R("amax_d1", t -> t.amax(1), "x[0].amax(1)", false),
        new R("argmax", Tensor::argmax, "x[0].argmax()", false),
        new R("argmin_d1", t -> t.argmin(1), "x[0].argmin(1)", false),
        new R("var", Tensor::var, "x[0].var()", true),
        new R("var_d1_biased", t -> t.var(1, false), "x[0].var(1, unbiased=False)", true),
        new R("std_d0", t -> t.std(0), "x[0].std(0)", true),
        new R("norm", Tensor::norm, "x[0].norm()", true),
        new R("norm_p1_d1", t -> t.norm(1, 1), "x[0].norm(1, 1)", true),
        new R("norm_inf", t -> t.norm(Double.POSITIVE_INFINITY), "x[0].norm(float('inf'))", true),
        new R("norm_p3_keep", t -> t.norm(3, 1, true), "x[0].norm(3, 1, keepdim=True)", true),
        new R("logsumexp_d1", t -> t.logsumexp(1), "x[0].logsumexp(1)", true),
        new R("logsumexp_d0_keep", t -> t.logsumexp(0, true), "x[0].logsumexp(0, keepdim=True)", true),
        new R("softmax_d1", t -> t.softmax(1), "x[0].softmax(1)", true),
        new R("softmax_d0", t -> t.softmax(0), "x[0].softmax(0)", true),
        new R("log_softmax_d1", t -> t.logSoftmax(1), "x[0].log_softmax(1)", true),
        new R("log_softmax_dm1", t -> t.logSoftmax(-1), "x[0].log_softmax(-1)", true),
        new R("cumsum_d1", t -> t.cumsum(1), "x[0].cumsum(1)", false),
        new R("cumsum_d0", t -> t.cumsum(0), "x[0].cumsum(0)", false),
        new R("cumprod_d1", t -> t.cumprod(1), "x[0].cumprod(1)", false),
        new R("all", Tensor::all, "x[0].all()", false),
        new R("any_d1", t -> t.any(1), "x[0].any(1)", false),
        new R("count_nonzero", Tensor::countNonzero, "torch.count_nonzero(x[0])", false));

    @TestFactory
    Stream<DynamicTest> reductions() {
        List<DiffCase> cs = list();
        DType[] dts = {DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.INT32, DType.BOOL};
        for (R r : REDUCTIONS) {
            Function<List<Tensor>, Object> f = x -> r.java().apply(x.get(0));
            for (DType dt : dts) cs.add(c(r.name() + "/" + tag(dt) + "/3x5", f, r.py(), in(rnd(dt, 3, 5))));
            cs.add(c(r.name() + "/f32/transposed", f, r.py(), transposed(rnd(DType.FLOAT32, 5, 4))));
            cs.add(c(r.name() + "/f64/strided", f, r.py(), strided(rnd(DType.FLOAT64, 4, 10))));
            cs.add(c(r.name() + "/f32/0x4", f, r.py(), in(rnd(DType.FLOAT32, 0, 4))));
            cs.add(c(r.name() + "/f32/3d", f, r.py(), in(rnd(DType.FLOAT32, 2, 3, 4))));
            cs.add(c(r.name() + "/f32/large", f, r.py(), in(rnd(DType.FLOAT32, 300, 257))));
            cs.add(c(r.name() + "/f32/special", f, r.py(), in(special(DType.FLOAT32).view(3, 4))));
        }
        cs.add(c("sum/scalar", x -> x.get(0).sum(), "x[0].sum()", in(rnd(DType.FLOAT32))));
        cs.add(c("softmax/scalar", x -> x.get(0).softmax(0), "x[0].softmax(0)", in(rnd(DType.FLOAT32))));
        cs.add(c("sum/bad_dim", x -> x.get(0).sum(2), "x[0].sum(2)", in(rnd(DType.FLOAT32, 3, 4))));
        cs.add(c("max/empty", x -> x.get(0).max(), "x[0].max()", in(rnd(DType.FLOAT32, 0))));
        cs.add(c("mean/int", x -> x.get(0).mean(), "x[0].mean()", in(rnd(DType.INT64, 4))));
        return TorchOracle.run("reductions", cs);
    }

    @TestFactory
    Stream<DynamicTest> products() {
        List<DiffCase> cs = list();
        long[][][] shapes = {
            {{3}, {3}}, {{2, 3}, {3}}, {{3}, {3, 4}}, {{2, 3}, {3, 4}}, {{5, 2, 3}, {3, 4}}, {{2, 3}, {5, 3, 4}},
            {{5, 2, 3}, {5, 3, 4}}, {{2, 1, 2, 3}, {4, 3, 2}}, {{0, 3}, {3, 4}}, {{2, 0}, {0, 4}}, {{2, 3}, {4, 5}},
            {{}, {3}}, {{4}, {5}}, {{7, 64}, {64, 33}}, {{130, 70}, {70, 90}}, {{3, 5, 4}, {4}},
        };
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64}) {
            for (long[][] s : shapes) {
                cs.add(c("matmul/" + tag(dt) + "/" + shapeTag(s[0]) + "@" + shapeTag(s[1]), x -> x.get(0).matmul(x.get(1)),
                    "torch.matmul(x[0], x[1])", in(rnd(dt, s[0])), in(rnd(dt, s[1]))));
            }
        }
        cs.add(c("matmul/transposed", x -> x.get(0).matmul(x.get(1)), "x[0] @ x[1]",
            transposed(rnd(DType.FLOAT32, 40, 30)), transposed(rnd(DType.FLOAT32, 20, 40))));
        cs.add(c("matmul/strided", x -> x.get(0).matmul(x.get(1)), "x[0] @ x[1]",
            strided(rnd(DType.FLOAT32, 6, 10)), in(rnd(DType.FLOAT32, 5, 3))));
        cs.add(c("matmul/dtype_mismatch", x -> x.get(0).matmul(x.get(1)), "x[0] @ x[1]",
            in(rnd(DType.FLOAT32, 2, 3)), in(rnd(DType.FLOAT64, 3, 2))));
        cs.add(c("mm", x -> x.get(0).mm(x.get(1)), "x[0].mm(x[1])", in(rnd(DType.FLOAT32, 4, 3)), in(rnd(DType.FLOAT32, 3, 5))));
        cs.add(c("mm/3d_error", x -> x.get(0).mm(x.get(1)), "x[0].mm(x[1])", in(rnd(DType.FLOAT32, 2, 4, 3)), in(rnd(DType.FLOAT32, 3, 5))));
        cs.add(c("bmm", x -> x.get(0).bmm(x.get(1)), "x[0].bmm(x[1])", in(rnd(DType.FLOAT32, 3, 4, 2)), in(rnd(DType.FLOAT32, 3, 2, 5))));
        cs.add(c("bmm/batch_mismatch", x -> x.get(0).bmm(x.get(1)), "x[0].bmm(x[1])", in(rnd(DType.FLOAT32, 3, 4, 2)), in(rnd(DType.FLOAT32, 2, 2, 5))));
        cs.add(c("mv", x -> x.get(0).mv(x.get(1)), "x[0].mv(x[1])", in(rnd(DType.FLOAT64, 4, 3)), in(rnd(DType.FLOAT64, 3))));
        cs.add(c("dot", x -> x.get(0).dot(x.get(1)), "x[0].dot(x[1])", in(rnd(DType.FLOAT32, 7)), in(rnd(DType.FLOAT32, 7))));
        cs.add(c("dot/size_mismatch", x -> x.get(0).dot(x.get(1)), "x[0].dot(x[1])", in(rnd(DType.FLOAT32, 7)), in(rnd(DType.FLOAT32, 6))));
        cs.add(c("outer", x -> x.get(0).outer(x.get(1)), "torch.outer(x[0], x[1])", in(rnd(DType.FLOAT32, 3)), in(rnd(DType.INT64, 4))));
        cs.add(c("addmm", x -> x.get(0).addmm(x.get(1), x.get(2)), "torch.addmm(x[0], x[1], x[2])",
            in(rnd(DType.FLOAT32, 5)), in(rnd(DType.FLOAT32, 4, 3)), in(rnd(DType.FLOAT32, 3, 5))));
        cs.add(c("addmm/beta_alpha", x -> x.get(0).addmm(x.get(1), x.get(2), 0.5, 2.0), "torch.addmm(x[0], x[1], x[2], beta=0.5, alpha=2.0)",
            in(rnd(DType.FLOAT64, 4, 5)), in(rnd(DType.FLOAT64, 4, 3)), in(rnd(DType.FLOAT64, 3, 5))));
        cs.add(c("baddbmm", x -> x.get(0).baddbmm(x.get(1), x.get(2)), "torch.baddbmm(x[0], x[1], x[2])",
            in(rnd(DType.FLOAT32, 2, 4, 5)), in(rnd(DType.FLOAT32, 2, 4, 3)), in(rnd(DType.FLOAT32, 2, 3, 5))));
        cs.add(c("matmul/large_f32", x -> x.get(0).matmul(x.get(1)), "x[0] @ x[1]",
            in(rnd(DType.FLOAT32, 200, 300)), in(rnd(DType.FLOAT32, 300, 150))));
        cs.add(c("matmul/special", x -> x.get(0).matmul(x.get(1)), "x[0] @ x[1]",
            in(special(DType.FLOAT32).view(3, 4)), in(rnd(DType.FLOAT32, 4, 2))));
        cs.add(c("linspace", x -> Torch.linspace(-1, 3, 7), "torch.linspace(-1, 3, 7)"));
        cs.add(c("arange_f", x -> Torch.arange(0.5, 3.0, 0.25), "torch.arange(0.5, 3.0, 0.25)"));
        cs.add(c("eye", x -> Torch.eye(3, 4), "torch.eye(3, 4)"));
        return TorchOracle.run("products", cs);
    }
}
