package org.tensorshell.diff;

import static org.tensorshell.diff.Gen.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.tensorshell.DType;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;

/**
 * Indexing (basic and advanced, reading and writing), gather/scatter and the index_* ops against
 * PyTorch 1.13: several shapes, zero-size dims, non-contiguous inputs, every dtype where it matters and
 * the error cases (out of range, wrong index dtype, shape mismatch).
 */
@Tag("backend")
class IndexDiffTest {

    static final DType F32 = DType.FLOAT32, F64 = DType.FLOAT64, I64 = DType.INT64, I32 = DType.INT32, BOOL = DType.BOOL;
    static final DType[] ALL = DType.values();

    /** Case names must be unique; repeated names get a numeric suffix. */
    static final class Cases {
        final List<DiffCase> list = new ArrayList<>();
        final Map<String, Integer> seen = new HashMap<>();

        void add(String name, Function<List<Tensor>, Object> java, String py, DiffCase.Input... inputs) {
            int n = seen.merge(name, 1, Integer::sum);
            list.add(c(n == 1 ? name : name + "#" + n, java, py, inputs));
        }
    }

    /** An int64 tensor of the given shape. */
    static Tensor L(long[] shape, long... v) { return Torch.tensor(v).reshape(shape); }

    static Tensor L(long... v) { return Torch.tensor(v); }

    static Tensor M(boolean... v) { return Torch.tensor(v); }

    static long[] s(long... v) { return v; }

    /** A Python expression that evaluates {@code t[key] = value} on t (x[0]) and returns t. */
    static String pySet(String key, String value) {
        return "(lambda t, k: (t.__setitem__(k, " + value + "), t)[1])(x[0], type('K', (), {'__getitem__': lambda s, k: k})()["
            + key + "])";
    }

    // ================================================================ basic indexing: views

    static final String[] SPECS_3D = {
        "0", "-1", "1", "1:3", ":, 0", ":, :, -1", "..., 0", "..., 1:3", "0, ..., 2", "None", "None, 0", ":, None, 1",
        "..., None", "::2", "1::2", ":, ::2, 1:", "-2:", ":-1", "-100:100", "5:1", "1:1", ":, 1:3, ::3", "0, 1, 2",
        "-1, -1, -1", "0, 1", "None, ..., None", "1, None, :, None", "..., -1, :", "0, :, None, 1:2", ":, -2:-1",
        "1,", "2", "-3", "3", "-4", "0, 3", "0, 0, 4", "0, 0, 0, 0", "::-1", "::0", "0:2:3", "...,...",
        " 1 : 3 , 0 ", "1:3:", "::", ":, :, :", "None, None", "-5:-2", "2:-100", "..., None, ..., 0",
        "-1:, ..., :100:2", "..., 0, ...", "..., :, ...", "...,...,0", "None, ..., ..., None", "..., ..., :",
    };

    @TestFactory
    Stream<DynamicTest> basicIndexing() {
        Cases cs = new Cases();
        for (String spec : SPECS_3D) {
            Function<List<Tensor>, Object> f = x -> x.get(0).get(spec);
            cs.add("get_str/f32/3x4x5/[" + spec + "]", f, "x[0][" + spec + "]", in(rnd(F32, 3, 4, 5)));
        }
        String[] few = {"0", "1:3", "..., 0", "None", ":, ::2", "-1, 1:", "2:, None, 0"};
        for (String spec : few) {
            Function<List<Tensor>, Object> f = x -> x.get(0).get(spec);
            for (DType dt : ALL) cs.add("get_str/" + tag(dt) + "/4x6/[" + spec + "]", f, "x[0][" + spec + "]", in(rnd(dt, 4, 6)));
            cs.add("get_str/transposed/[" + spec + "]", f, "x[0][" + spec + "]", transposed(rnd(F32, 6, 4)));
            cs.add("get_str/strided/[" + spec + "]", f, "x[0][" + spec + "]", strided(rnd(F64, 4, 12)));
        }
        for (String spec : new String[] {"0", ":, 0", "1:", "..., None", "None", "0:0"}) {
            cs.add("get_str/0x3/[" + spec + "]", x -> x.get(0).get(spec), "x[0][" + spec + "]", in(rnd(F32, 0, 3)));
        }
        for (String spec : new String[] {"...", "None", "0", ":"}) {
            cs.add("get_str/scalar/[" + spec + "]", x -> x.get(0).get(spec), "x[0][" + spec + "]", in(rnd(F32)));
        }
        long[][] ints = {{0}, {-1}, {2, 3}, {-3, -4}, {1, 2, 3}, {3}, {-4}, {0, 4}, {0, 0, 5}, {0, 0, 0, 0}, {}};
        for (long[] ix : ints) {
            String key = Arrays.toString(ix).replace("[", "").replace("]", "");
            String py = ix.length == 0 ? "x[0][()]" : "x[0][" + key + (ix.length == 1 ? "," : "") + "]";
            cs.add("get_long/3x4x5/(" + key + ")", x -> x.get(0).get(ix), py, in(rnd(F32, 3, 4, 5)));
            cs.add("get_long/transposed/(" + key + ")", x -> x.get(0).get(ix), py, transposed(rnd(I64, 3, 5, 4)));
        }
        // a view shares storage: writing through it shows in the base
        cs.add("get_view_shares_storage", x -> { x.get(0).get("1:3, 0").fill_(9); return x.get(0); },
            "(lambda t: (t[1:3, 0].fill_(9), t)[1])(x[0])", in(rnd(F32, 4, 3)));
        return TorchOracle.run("index-basic", cs.list);
    }

    // ================================================================ advanced indexing: copies

    @TestFactory
    Stream<DynamicTest> advancedIndexing() {
        Cases cs = new Cases();
        // one int64 index tensor
        Object[][] idx = {
            {"1d", L(2, 0, -1, 2)}, {"2d", L(s(2, 2), 0, 1, 2, -3)}, {"scalar", L(s(), 1)}, {"empty", L(s(0))},
            {"oob", L(0, 3)}, {"neg_oob", L(-4)}, {"repeat", L(1, 1, 1, 1, 1)},
        };
        for (Object[] ix : idx) {
            Tensor t = (Tensor) ix[1];
            Function<List<Tensor>, Object> f = x -> x.get(0).get(x.get(1));
            cs.add("idx/" + ix[0] + "/f32/3x4", f, "x[0][x[1]]", in(rnd(F32, 3, 4)), in(t));
            cs.add("idx/" + ix[0] + "/i64/3", f, "x[0][x[1]]", in(rnd(I64, 3)), in(t));
            cs.add("idx/" + ix[0] + "/transposed", f, "x[0][x[1]]", transposed(rnd(F64, 4, 3)), in(t));
            cs.add("idx/" + ix[0] + "/bool/3x2x2", f, "x[0][x[1]]", in(rnd(BOOL, 3, 2, 2)), in(t));
        }
        for (DType dt : ALL) {
            cs.add("idx/dtypes/" + tag(dt), x -> x.get(0).get(x.get(1)), "x[0][x[1]]", in(rnd(dt, 5, 2)), in(L(4, 0, 3)));
        }
        cs.add("idx/i32_index_error", x -> x.get(0).get(x.get(1)), "x[0][x[1]]", in(rnd(F32, 3)), in(L(0, 1).to(I32)));
        cs.add("idx/f32_index_error", x -> x.get(0).get(x.get(1)), "x[0][x[1]]", in(rnd(F32, 3)), in(rnd(F32, 2)));
        cs.add("idx/0dim_self_error", x -> x.get(0).get(x.get(1)), "x[0][x[1]]", in(rnd(F32)), in(L(0)));
        cs.add("idx/large_rows", x -> x.get(0).get(x.get(1)), "x[0][x[1]]", in(rnd(F32, 50, 40)),
            in(L(49, 0, 7, 7, -1, 20, 33)));
        // several index tensors, broadcast together
        Function<List<Tensor>, Object> f2 = x -> x.get(0).get(x.get(1), x.get(2));
        cs.add("idx2/1d_1d", f2, "x[0][x[1], x[2]]", in(rnd(F32, 3, 4)), in(L(0, 2, 1)), in(L(3, -1, 0)));
        cs.add("idx2/bcast", f2, "x[0][x[1], x[2]]", in(rnd(F32, 3, 4)), in(L(s(2, 1), 0, 2)), in(L(1, 2, 3)));
        cs.add("idx2/3d_rows", f2, "x[0][x[1], x[2]]", in(rnd(I64, 3, 4, 2)), in(L(0, 2)), in(L(1, 3)));
        cs.add("idx2/transposed", f2, "x[0][x[1], x[2]]", transposed(rnd(F64, 2, 4, 3)), in(L(1, 0)), in(L(2, 1)));
        cs.add("idx2/scalar_and_1d", f2, "x[0][x[1], x[2]]", in(rnd(F32, 3, 4)), in(L(s(), 2)), in(L(0, 1, 3)));
        cs.add("idx2/bcast_error", f2, "x[0][x[1], x[2]]", in(rnd(F32, 3, 4)), in(L(0, 1)), in(L(0, 1, 2)));
        cs.add("idx2/oob_dim1", f2, "x[0][x[1], x[2]]", in(rnd(F32, 3, 4)), in(L(0, 1)), in(L(0, 4)));
        cs.add("idx2/too_many", x -> x.get(0).get(x.get(1), x.get(2), x.get(3)), "x[0][x[1], x[2], x[3]]",
            in(rnd(F32, 3, 4)), in(L(0)), in(L(0)), in(L(0)));
        cs.add("idx2/empty", f2, "x[0][x[1], x[2]]", in(rnd(F32, 3, 4)), in(L(s(0))), in(L(s(0))));
        cs.add("idx/transposed_index", x -> x.get(0).get(x.get(1)), "x[0][x[1]]", in(rnd(F32, 4, 3)),
            transposed(L(s(3, 2), 0, 1, 2, 3, -1, -2)));
        cs.add("idx3/3d", x -> x.get(0).get(x.get(1), x.get(2), x.get(3)), "x[0][x[1], x[2], x[3]]", in(rnd(I32, 2, 3, 4)),
            in(L(1, 0, 1)), in(L(s(2, 1), 2, 0)), in(L(3)));
        cs.add("idx2/two_masks", f2, "x[0][x[1], x[2]]", in(rnd(F32, 3, 4)), in(M(true, false, true)),
            in(M(false, true, false, true)));
        cs.add("idx2/two_masks_error", f2, "x[0][x[1], x[2]]", in(rnd(F32, 3, 4)), in(M(true, false, true)),
            in(M(false, true, true, true)));
        // bool masks
        Function<List<Tensor>, Object> fm = x -> x.get(0).get(x.get(1));
        cs.add("mask/1d", fm, "x[0][x[1]]", in(rnd(F32, 5)), in(M(true, false, true, true, false)));
        cs.add("mask/rows", fm, "x[0][x[1]]", in(rnd(F32, 3, 4)), in(M(false, true, true)));
        cs.add("mask/full", fm, "x[0][x[1]]", in(rnd(F32, 3, 4)), in(rnd(BOOL, 3, 4)));
        cs.add("mask/leading2_of_3", fm, "x[0][x[1]]", in(rnd(I32, 2, 3, 4)), in(rnd(BOOL, 2, 3)));
        cs.add("mask/all_false", fm, "x[0][x[1]]", in(rnd(F32, 3, 4)), in(M(false, false, false)));
        cs.add("mask/transposed", fm, "x[0][x[1]]", transposed(rnd(F64, 4, 3)), in(rnd(BOOL, 3, 4)));
        cs.add("mask/transposed_mask", fm, "x[0][x[1]]", in(rnd(F32, 3, 4)), transposed(rnd(BOOL, 4, 3)));
        cs.add("mask/strided", fm, "x[0][x[1]]", strided(rnd(F32, 3, 8)), in(rnd(BOOL, 3, 4)));
        cs.add("mask/0x3", fm, "x[0][x[1]]", in(rnd(F32, 0, 3)), in(rnd(BOOL, 0, 3)));
        cs.add("mask/0dim_true", fm, "x[0][x[1]]", in(rnd(F32, 2, 3)), in(Torch.tensor((Object) true)));
        cs.add("mask/0dim_false", fm, "x[0][x[1]]", in(rnd(F32, 2, 3)), in(Torch.tensor((Object) false)));
        cs.add("mask/scalar_self_true", fm, "x[0][x[1]]", in(rnd(F32)), in(Torch.tensor((Object) true)));
        cs.add("mask/shape_mismatch", fm, "x[0][x[1]]", in(rnd(F32, 3, 4)), in(rnd(BOOL, 4)));
        cs.add("mask/too_many_dims", fm, "x[0][x[1]]", in(rnd(F32, 3)), in(rnd(BOOL, 3, 1)));
        cs.add("mask/large", fm, "x[0][x[1]]", in(rnd(F32, 200, 30)), in(rnd(BOOL, 200)));
        for (DType dt : ALL) cs.add("mask/dtypes/" + tag(dt), fm, "x[0][x[1]]", in(rnd(dt, 6)), in(rnd(BOOL, 6)));
        cs.add("mask_and_index", f2, "x[0][x[1], x[2]]", in(rnd(F32, 3, 4)), in(M(true, false, true)), in(L(3, 0)));
        cs.add("index_and_mask", f2, "x[0][x[1], x[2]]", in(rnd(F32, 2, 4)), in(L(1)), in(M(true, false, true, true)));
        cs.add("mask_and_index_bcast_error", f2, "x[0][x[1], x[2]]", in(rnd(F32, 3, 4)), in(M(true, false, true)),
            in(L(3, 0, 1)));
        // masked_select and nonzero
        Function<List<Tensor>, Object> ms = x -> x.get(0).maskedSelect(x.get(1));
        cs.add("masked_select/same", ms, "x[0].masked_select(x[1])", in(rnd(F32, 3, 4)), in(rnd(BOOL, 3, 4)));
        cs.add("masked_select/bcast_mask", ms, "x[0].masked_select(x[1])", in(rnd(F32, 3, 4)), in(rnd(BOOL, 4)));
        cs.add("masked_select/bcast_both", ms, "x[0].masked_select(x[1])", in(rnd(I64, 3, 1)), in(rnd(BOOL, 2, 1, 4)));
        cs.add("masked_select/scalar", ms, "x[0].masked_select(x[1])", in(rnd(F32)), in(Torch.tensor((Object) true)));
        cs.add("masked_select/transposed", ms, "x[0].masked_select(x[1])", transposed(rnd(F64, 4, 3)), in(rnd(BOOL, 3, 4)));
        cs.add("masked_select/empty", ms, "x[0].masked_select(x[1])", in(rnd(F32, 0, 4)), in(rnd(BOOL, 4)));
        cs.add("masked_select/not_bool_error", ms, "x[0].masked_select(x[1])", in(rnd(F32, 4)), in(L(1, 0, 1, 0)));
        cs.add("masked_select/shape_error", ms, "x[0].masked_select(x[1])", in(rnd(F32, 3, 4)), in(rnd(BOOL, 3)));
        for (DType dt : ALL) cs.add("masked_select/" + tag(dt), ms, "x[0].masked_select(x[1])", in(rnd(dt, 2, 5)), in(rnd(BOOL, 5)));
        for (DType dt : ALL) {
            cs.add("nonzero/" + tag(dt) + "/3x4", x -> x.get(0).nonzero(), "x[0].nonzero()", in(rnd(dt, 3, 4)));
        }
        cs.add("nonzero/scalar", x -> x.get(0).nonzero(), "x[0].nonzero()", in(rnd(F32)));
        cs.add("nonzero/zero_scalar", x -> x.get(0).nonzero(), "x[0].nonzero()", in(Torch.zeros()));
        cs.add("nonzero/0x3", x -> x.get(0).nonzero(), "x[0].nonzero()", in(rnd(F32, 0, 3)));
        cs.add("nonzero/transposed", x -> x.get(0).nonzero(), "x[0].nonzero()", transposed(rnd(I64, 2, 3, 4)));
        cs.add("nonzero/special", x -> x.get(0).nonzero(), "x[0].nonzero()", in(special(F32)));
        cs.add("nonzero_tuple/3x4", x -> x.get(0).nonzeroTuple(), "x[0].nonzero(as_tuple=True)", in(rnd(BOOL, 3, 4)));
        cs.add("nonzero_tuple/1d", x -> x.get(0).nonzeroTuple(), "x[0].nonzero(as_tuple=True)", in(rnd(I32, 7)));
        cs.add("nonzero_tuple/scalar", x -> x.get(0).nonzeroTuple(), "x[0].nonzero(as_tuple=True)", in(rnd(F32)));
        cs.add("where_cond/3d", x -> Torch.where(x.get(0)), "torch.where(x[0])", in(rnd(BOOL, 2, 3, 2)));
        return TorchOracle.run("index-advanced", cs.list);
    }

    // ================================================================ writing: set and index_put_

    @TestFactory
    Stream<DynamicTest> setItem() {
        Cases cs = new Cases();
        String[] specs = {"0", "1:3, 0", "..., -1", ":, ::2", "None, 1", "-1, 1:", "1:1", "...", ":"};
        for (String spec : specs) {
            for (DType dt : ALL) {
                cs.add("set_str_double/" + tag(dt) + "/[" + spec + "]", x -> x.get(0).set(spec, 5.5), pySet(spec, "5.5"),
                    in(rnd(dt, 4, 3)));
            }
            cs.add("set_str_double/transposed/[" + spec + "]", x -> x.get(0).set(spec, -2.0), pySet(spec, "-2.0"),
                transposed(rnd(F32, 3, 4)));
        }
        // tensor values: broadcast, dtype conversion, leading ones, errors
        Object[][] tv = {
            {"row", "1:3", rnd(F32, 3)}, {"col", ":, 0", rnd(F32, 4)}, {"bcast_col", "1:3", rnd(F32, 2, 1)},
            {"leading_ones", "0", rnd(F32, 1, 1, 3)}, {"f64_value", "..., 1", rnd(F64, 4)}, {"i64_value", "0", rnd(I64, 3)},
            {"bool_value", ":", rnd(BOOL, 4, 3)}, {"scalar_value", "2:", rnd(F32)}, {"shape_error", "1:3", rnd(F32, 3, 3)},
            {"shape_error2", "0", rnd(F32, 2)}, {"ndim_error", "0", rnd(F32, 2, 3)}, {"empty_target", "1:1", rnd(F32, 3)},
        };
        for (Object[] v : tv) {
            String spec = (String) v[1];
            for (DType dt : new DType[] {F32, I64, BOOL}) {
                cs.add("set_str_tensor/" + v[0] + "/" + tag(dt), x -> x.get(0).set(spec, x.get(1)), pySet(spec, "x[1]"),
                    in(rnd(dt, 4, 3)), in((Tensor) v[2]));
            }
        }
        cs.add("set_str_tensor/transposed_value", x -> x.get(0).set("1:", x.get(1)), pySet("1:", "x[1]"),
            in(rnd(F32, 4, 3)), transposed(rnd(F32, 3, 3)));
        cs.add("set_str_tensor/overlap_self", x -> x.get(0).set("1:", x.get(0).get(":-1")), "(lambda t: (t.__setitem__(slice(1, None), t[:-1].clone()), t)[1])(x[0])",
            in(rnd(F32, 4, 3)));
        cs.add("set_str/oob_error", x -> x.get(0).set("5", 1.0), pySet("5", "1.0"), in(rnd(F32, 4, 3)));
        cs.add("set_str/too_many_error", x -> x.get(0).set("0, 0, 0", 1.0), pySet("0, 0, 0", "1.0"), in(rnd(F32, 4, 3)));
        long[][] ixs = {{0, 0}, {-1, 2}, {3}, {}, {4, 0}, {0, -4}};
        for (long[] ix : ixs) {
            String key = Arrays.toString(ix).replace("[", "").replace("]", "");
            String k = ix.length == 0 ? "..." : key + (ix.length == 1 ? "," : "");
            for (DType dt : new DType[] {F32, I32, BOOL}) {
                cs.add("set_long/" + tag(dt) + "/(" + key + ")", x -> x.get(0).set(ix, 3.0), pySet(k, "3.0"), in(rnd(dt, 4, 3)));
            }
        }
        // index tensors and masks
        Object[][] iv = {
            {"mask_rows", M(true, false, true, false)}, {"mask_full", rnd(BOOL, 4, 3)}, {"idx_1d", L(3, 0)},
            {"idx_neg", L(-1, -4)}, {"idx_2d", L(s(2, 1), 1, 2)}, {"idx_repeat", L(2, 2)}, {"idx_empty", L(s(0))},
            {"idx_oob", L(4)}, {"mask_shape_error", M(true, false)}, {"mask_0dim", Torch.tensor((Object) true)},
        };
        for (Object[] v : iv) {
            Tensor index = (Tensor) v[1];
            for (DType dt : new DType[] {F32, F64, I64, I32, BOOL}) {
                cs.add("set_index_double/" + v[0] + "/" + tag(dt), x -> x.get(0).set(x.get(1), 7.0), pySet("x[1]", "7.0"),
                    in(rnd(dt, 4, 3)), in(index));
            }
            cs.add("set_index_double/" + v[0] + "/transposed", x -> x.get(0).set(x.get(1), -1.5), pySet("x[1]", "-1.5"),
                transposed(rnd(F32, 3, 4)), in(index));
        }
        Object[][] it = {
            {"mask_rows_row", M(true, false, true, false), rnd(F32, 3)},
            {"mask_rows_values", M(true, false, true, false), rnd(F32, 2, 3)},
            {"mask_full_values", M(true, true, false, false, false, false, true, false, false, false, false, true).reshape(4, 3),
                rnd(F32, 3)},
            {"idx_values", L(3, 1), rnd(F32, 2, 3)}, {"idx_bcast", L(3, 1), rnd(F32, 1, 3)},
            {"idx_scalar_value", L(0, 2), rnd(F32)}, {"idx_shape_error", L(3, 1), rnd(F32, 3, 3)},
            {"idx_f64_value_error", L(0), rnd(F64, 3)}, {"idx_i64_value_error", L(1, 2), rnd(I64, 2, 3)},
            {"idx_f64_scalar_error", L(1, 2), rnd(F64)}, {"mask_rows_f64_row_error", M(true, false, true, false), rnd(F64, 3)},
            {"mask_rows_f64_one", M(true, false, true, false), rnd(F64, 1)}, {"mask_full_i64_scalar", rnd(BOOL, 4, 3), L(s(), 3)},
            {"mask_0dim_f64_one_error", Torch.tensor((Object) true), rnd(F64, 1)},
        };
        for (Object[] v : it) {
            cs.add("set_index_tensor/" + v[0], x -> x.get(0).set(x.get(1), x.get(2)), pySet("x[1]", "x[2]"),
                in(rnd(F32, 4, 3)), in((Tensor) v[1]), in((Tensor) v[2]));
        }
        Function<List<Tensor>, Object> put = x -> x.get(0).indexPut_(new Tensor[] {x.get(1), x.get(2)}, x.get(3), false);
        Function<List<Tensor>, Object> acc = x -> x.get(0).indexPut_(new Tensor[] {x.get(1), x.get(2)}, x.get(3), true);
        for (DType dt : new DType[] {F32, F64, I64, I32}) {
            cs.add("index_put/" + tag(dt), put, "x[0].index_put_((x[1], x[2]), x[3])", in(rnd(dt, 3, 4)), in(L(0, 2, 1)),
                in(L(3, 0, 0)), in(rnd(dt, 3)));
            cs.add("index_put_acc/" + tag(dt), acc, "x[0].index_put_((x[1], x[2]), x[3], accumulate=True)",
                in(rnd(dt, 3, 4)), in(L(0, 2, 0, 0)), in(L(1, 0, 1, 1)), in(rnd(dt, 4)));
        }
        cs.add("index_put_acc/rows_repeat", x -> x.get(0).indexPut_(new Tensor[] {x.get(1)}, x.get(2), true),
            "x[0].index_put_((x[1],), x[2], accumulate=True)", in(rnd(F32, 3, 4)), in(L(1, 1, 2, 1)), in(rnd(F32, 4, 4)));
        cs.add("index_put_acc/bcast_value", x -> x.get(0).indexPut_(new Tensor[] {x.get(1)}, x.get(2), true),
            "x[0].index_put_((x[1],), x[2], accumulate=True)", in(rnd(F64, 3, 4)), in(L(0, 0)), in(rnd(F64, 4)));
        cs.add("index_put_acc/transposed", x -> x.get(0).indexPut_(new Tensor[] {x.get(1)}, x.get(2), true),
            "x[0].index_put_((x[1],), x[2], accumulate=True)", transposed(rnd(F32, 4, 3)), in(L(2, 2)), in(rnd(F32, 2, 4)));
        cs.add("index_put_acc/mask", x -> x.get(0).indexPut_(new Tensor[] {x.get(1)}, x.get(2), true),
            "x[0].index_put_((x[1],), x[2], accumulate=True)", in(rnd(F32, 3, 2)), in(M(true, false, true)), in(rnd(F32, 2)));
        cs.add("index_put_acc/dtype_error", acc, "x[0].index_put_((x[1], x[2]), x[3], accumulate=True)",
            in(rnd(F64, 3, 4)), in(L(0, 2)), in(L(1, 0)), in(rnd(F32, 2)));
        cs.add("index_put_acc/mask_one_dtype_error", x -> x.get(0).indexPut_(new Tensor[] {x.get(1)}, x.get(2), true),
            "x[0].index_put_((x[1],), x[2], accumulate=True)", in(rnd(F32, 3, 2)), in(M(true, false, true)), in(rnd(F64, 1)));
        cs.add("index_put/mask_one_other_dtype", x -> x.get(0).indexPut_(new Tensor[] {x.get(1)}, x.get(2)),
            "x[0].index_put_((x[1],), x[2])", in(rnd(I64, 3, 2)), in(M(true, false, true)), in(rnd(F64)));
        cs.add("index_put/oob", put, "x[0].index_put_((x[1], x[2]), x[3])", in(rnd(F32, 3, 4)), in(L(0, 3)), in(L(0, 0)),
            in(rnd(F32, 2)));
        return TorchOracle.run("index-set", cs.list);
    }

    // ================================================================ gather, scatter, index_select/add/fill

    @TestFactory
    Stream<DynamicTest> gatherScatter() {
        Cases cs = new Cases();
        // gather
        Function<List<Tensor>, Object> g0 = x -> x.get(0).gather(0, x.get(1));
        Function<List<Tensor>, Object> g1 = x -> x.get(0).gather(1, x.get(1));
        Function<List<Tensor>, Object> gm1 = x -> x.get(0).gather(-1, x.get(1));
        for (DType dt : ALL) {
            cs.add("gather/d1/" + tag(dt), g1, "x[0].gather(1, x[1])", in(rnd(dt, 3, 4)), in(L(s(3, 2), 0, 3, 1, 1, 2, 0)));
        }
        cs.add("gather/d0", g0, "x[0].gather(0, x[1])", in(rnd(F32, 3, 4)), in(L(s(2, 4), 0, 1, 2, 0, 2, 2, 1, 0)));
        cs.add("gather/d0_smaller", g0, "x[0].gather(0, x[1])", in(rnd(F32, 3, 4)), in(L(s(1, 2), 2, 1)));
        cs.add("gather/neg_dim", gm1, "x[0].gather(-1, x[1])", in(rnd(F64, 2, 3, 4)), in(L(s(2, 3, 1), 3, 2, 1, 0, 0, 3)));
        cs.add("gather/transposed", g1, "x[0].gather(1, x[1])", transposed(rnd(F32, 4, 3)), in(L(s(3, 3), 3, 2, 1, 0, 0, 0, 1, 1, 1)));
        cs.add("gather/transposed_index", g1, "x[0].gather(1, x[1])", in(rnd(F32, 3, 4)), transposed(L(s(2, 3), 0, 1, 2, 3, 3, 3)));
        cs.add("gather/1d", g0, "x[0].gather(0, x[1])", in(rnd(I64, 5)), in(L(4, 4, 0)));
        cs.add("gather/scalar", g0, "x[0].gather(0, x[1])", in(rnd(F32)), in(L(s(), 0)));
        cs.add("gather/empty_index", g1, "x[0].gather(1, x[1])", in(rnd(F32, 3, 4)), in(L(s(3, 0))));
        cs.add("gather/oob", g1, "x[0].gather(1, x[1])", in(rnd(F32, 3, 4)), in(L(s(1, 1), 4)));
        cs.add("gather/neg_index", g1, "x[0].gather(1, x[1])", in(rnd(F32, 3, 4)), in(L(s(1, 1), -1)));
        cs.add("gather/i32_index", g1, "x[0].gather(1, x[1])", in(rnd(F32, 3, 4)), in(L(s(1, 1), 0).to(I32)));
        cs.add("gather/ndim_mismatch", g1, "x[0].gather(1, x[1])", in(rnd(F32, 3, 4)), in(L(0, 1)));
        cs.add("gather/size_mismatch", g1, "x[0].gather(1, x[1])", in(rnd(F32, 3, 4)), in(L(s(4, 1), 0, 0, 0, 0)));
        cs.add("gather/bad_dim", x -> x.get(0).gather(2, x.get(1)), "x[0].gather(2, x[1])", in(rnd(F32, 3, 4)), in(L(s(1, 1), 0)));
        cs.add("gather/large", g1, "x[0].gather(1, x[1])", in(rnd(F32, 100, 50)),
            in(rnd(I64, 100, 70).abs().remainder(50)));
        // scatter with src, with a value, scatter_ and scatter_add
        Tensor uniq = L(s(2, 4), 0, 1, 2, 0, 2, 0, 1, 1); // distinct targets per column
        for (DType dt : ALL) {
            cs.add("scatter_src/d0/" + tag(dt), x -> x.get(0).scatter(0, x.get(1), x.get(2)), "x[0].scatter(0, x[1], x[2])",
                in(rnd(dt, 3, 4)), in(uniq), in(rnd(dt, 2, 4)));
            cs.add("scatter_value/d0/" + tag(dt), x -> x.get(0).scatter(0, x.get(1), 2.5), "x[0].scatter(0, x[1], 2.5)",
                in(rnd(dt, 3, 4)), in(uniq));
            cs.add("scatter_/d0/" + tag(dt), x -> x.get(0).scatter_(0, x.get(1), x.get(2)), "x[0].scatter_(0, x[1], x[2])",
                in(rnd(dt, 3, 4)), in(uniq), in(rnd(dt, 2, 4)));
            cs.add("scatter_value_/d1/" + tag(dt), x -> x.get(0).scatter_(1, x.get(1), -3), "x[0].scatter_(1, x[1], -3)",
                in(rnd(dt, 3, 4)), in(L(s(3, 2), 0, 3, 1, 2, 3, 3)));
            if (dt != BOOL) {
                cs.add("scatter_add/d0/" + tag(dt), x -> x.get(0).scatterAdd(0, x.get(1), x.get(2)),
                    "x[0].scatter_add(0, x[1], x[2])", in(rnd(dt, 3, 4)), in(L(s(3, 4), 0, 0, 2, 1, 0, 0, 2, 1, 0, 2, 2, 2)),
                    in(rnd(dt, 3, 4)));
            }
        }
        cs.add("scatter_src/d1_src_larger", x -> x.get(0).scatter(1, x.get(1), x.get(2)), "x[0].scatter(1, x[1], x[2])",
            in(rnd(F32, 3, 5)), in(L(s(2, 2), 4, 0, 1, 3)), in(rnd(F32, 3, 4)));
        cs.add("scatter_src/neg_dim_3d", x -> x.get(0).scatter(-1, x.get(1), x.get(2)), "x[0].scatter(-1, x[1], x[2])",
            in(rnd(F64, 2, 2, 3)), in(L(s(2, 2, 1), 2, 0, 1, 1)), in(rnd(F64, 2, 2, 1)));
        cs.add("scatter_src/transposed_self", x -> x.get(0).scatter_(0, x.get(1), x.get(2)), "x[0].scatter_(0, x[1], x[2])",
            transposed(rnd(F32, 4, 3)), in(uniq), in(rnd(F32, 2, 4)));
        cs.add("scatter_src/transposed_src", x -> x.get(0).scatter(0, x.get(1), x.get(2)), "x[0].scatter(0, x[1], x[2])",
            in(rnd(F32, 3, 4)), in(uniq), transposed(rnd(F32, 4, 2)));
        cs.add("scatter_src/scalar", x -> x.get(0).scatter(0, x.get(1), x.get(2)), "x[0].scatter(0, x[1], x[2])",
            in(rnd(F32)), in(L(s(), 0)), in(rnd(F32)));
        cs.add("scatter_src/empty_index", x -> x.get(0).scatter(0, x.get(1), x.get(2)), "x[0].scatter(0, x[1], x[2])",
            in(rnd(F32, 3, 4)), in(L(s(0, 4))), in(rnd(F32, 2, 4)));
        cs.add("scatter_src/dtype_error", x -> x.get(0).scatter(0, x.get(1), x.get(2)), "x[0].scatter(0, x[1], x[2])",
            in(rnd(F32, 3, 4)), in(uniq), in(rnd(F64, 2, 4)));
        cs.add("scatter_src/oob", x -> x.get(0).scatter(0, x.get(1), x.get(2)), "x[0].scatter(0, x[1], x[2])",
            in(rnd(F32, 3, 4)), in(L(s(1, 1), 3)), in(rnd(F32, 2, 4)));
        cs.add("scatter_src/neg_index", x -> x.get(0).scatter(0, x.get(1), x.get(2)), "x[0].scatter(0, x[1], x[2])",
            in(rnd(F32, 3, 4)), in(L(s(1, 1), -1)), in(rnd(F32, 2, 4)));
        cs.add("scatter_src/src_too_small", x -> x.get(0).scatter(0, x.get(1), x.get(2)), "x[0].scatter(0, x[1], x[2])",
            in(rnd(F32, 3, 4)), in(uniq), in(rnd(F32, 2, 3)));
        cs.add("scatter_src/index_too_big", x -> x.get(0).scatter(1, x.get(1), x.get(2)), "x[0].scatter(1, x[1], x[2])",
            in(rnd(F32, 3, 4)), in(L(s(4, 1), 0, 0, 0, 0)), in(rnd(F32, 4, 4)));
        cs.add("scatter_src/i32_index", x -> x.get(0).scatter(0, x.get(1), x.get(2)), "x[0].scatter(0, x[1], x[2])",
            in(rnd(F32, 3, 4)), in(uniq.to(I32)), in(rnd(F32, 2, 4)));
        cs.add("scatter_src/ndim_error", x -> x.get(0).scatter(0, x.get(1), x.get(2)), "x[0].scatter(0, x[1], x[2])",
            in(rnd(F32, 3, 4)), in(L(0, 1)), in(rnd(F32, 2, 4)));
        cs.add("scatter_add/repeat_1d", x -> x.get(0).scatterAdd(0, x.get(1), x.get(2)), "x[0].scatter_add(0, x[1], x[2])",
            in(Torch.zeros(4)), in(L(0, 1, 0, 3, 3, 3)), in(rnd(F32, 6)));
        cs.add("scatter_add_/transposed", x -> x.get(0).scatterAdd_(1, x.get(1), x.get(2)), "x[0].scatter_add_(1, x[1], x[2])",
            transposed(rnd(F64, 4, 3)), in(L(s(3, 3), 0, 0, 0, 3, 2, 3, 1, 1, 0)), in(rnd(F64, 3, 3)));
        cs.add("scatter_add/large", x -> x.get(0).scatterAdd(1, x.get(1), x.get(2)), "x[0].scatter_add(1, x[1], x[2])",
            in(rnd(F64, 60, 10)), in(rnd(I64, 60, 40).abs().remainder(10)), in(rnd(F64, 60, 40)));
        // index_select
        Function<List<Tensor>, Object> is0 = x -> x.get(0).indexSelect(0, x.get(1));
        Function<List<Tensor>, Object> is1 = x -> x.get(0).indexSelect(1, x.get(1));
        for (DType dt : ALL) {
            cs.add("index_select/d0/" + tag(dt), is0, "x[0].index_select(0, x[1])", in(rnd(dt, 4, 3)), in(L(3, 0, 3)));
            cs.add("index_select/d1/" + tag(dt), is1, "x[0].index_select(1, x[1])", in(rnd(dt, 4, 3)), in(L(2, 1)));
        }
        cs.add("index_select/i32_index", is0, "x[0].index_select(0, x[1])", in(rnd(F32, 4, 3)), in(L(1, 2).to(I32)));
        cs.add("index_select/neg_dim", x -> x.get(0).indexSelect(-1, x.get(1)), "x[0].index_select(-1, x[1])",
            in(rnd(F32, 2, 3, 4)), in(L(3, 3, 0)));
        cs.add("index_select/scalar_index", is1, "x[0].index_select(1, x[1])", in(rnd(F32, 3, 4)), in(L(s(), 2)));
        cs.add("index_select/empty_index", is1, "x[0].index_select(1, x[1])", in(rnd(F32, 3, 4)), in(L(s(0))));
        cs.add("index_select/zero_rows", is1, "x[0].index_select(1, x[1])", in(rnd(F32, 0, 4)), in(L(1, 2)));
        cs.add("index_select/transposed", is1, "x[0].index_select(1, x[1])", transposed(rnd(F64, 5, 3)), in(L(4, 0, 2)));
        cs.add("index_select/strided", is0, "x[0].index_select(0, x[1])", strided(rnd(F32, 3, 8)), in(L(2, 2, 0)));
        cs.add("index_select/scalar_self", is0, "x[0].index_select(0, x[1])", in(rnd(F32)), in(L(0)));
        cs.add("index_select/oob", is0, "x[0].index_select(0, x[1])", in(rnd(F32, 4, 3)), in(L(4)));
        cs.add("index_select/neg_index", is0, "x[0].index_select(0, x[1])", in(rnd(F32, 4, 3)), in(L(-1)));
        cs.add("index_select/2d_index", is0, "x[0].index_select(0, x[1])", in(rnd(F32, 4, 3)), in(L(s(1, 2), 0, 1)));
        cs.add("index_select/f32_index", is0, "x[0].index_select(0, x[1])", in(rnd(F32, 4, 3)), in(rnd(F32, 2)));
        cs.add("index_select/bad_dim", x -> x.get(0).indexSelect(2, x.get(1)), "x[0].index_select(2, x[1])",
            in(rnd(F32, 4, 3)), in(L(0)));
        cs.add("index_select/pick_rows", is1, "x[0].index_select(1, x[1])", in(rnd(F32, 20, 30)), in(rnd(I64, 25).abs().mul(5)));
        cs.add("index_select/short_runs", is1, "x[0].index_select(1, x[1])", in(rnd(I64, 6, 10, 5)), in(L(9, 0, 3)));
        cs.add("index_select/long_runs", is0, "x[0].index_select(0, x[1])", in(rnd(F32, 30, 40)), in(L(29, 0, 5, 5, 17)));
        // index_add_
        for (DType dt : new DType[] {F32, F64, I64, I32}) {
            cs.add("index_add_/d0/" + tag(dt), x -> x.get(0).indexAdd_(0, x.get(1), x.get(2)), "x[0].index_add_(0, x[1], x[2])",
                in(rnd(dt, 4, 3)), in(L(0, 2, 0)), in(rnd(dt, 3, 3)));
            cs.add("index_add/d1/" + tag(dt), x -> x.get(0).indexAdd(1, x.get(1), x.get(2)), "x[0].index_add(1, x[1], x[2])",
                in(rnd(dt, 4, 3)), in(L(2, 2)), in(rnd(dt, 4, 2)));
        }
        cs.add("index_add_/alpha", x -> x.get(0).indexAdd_(0, x.get(1), x.get(2), 2.5), "x[0].index_add_(0, x[1], x[2], alpha=2.5)",
            in(rnd(F64, 4, 3)), in(L(1, 3)), in(rnd(F64, 2, 3)));
        cs.add("index_add_/alpha_int", x -> x.get(0).indexAdd_(0, x.get(1), x.get(2), 3), "x[0].index_add_(0, x[1], x[2], alpha=3)",
            in(rnd(I64, 4, 3)), in(L(1, 3)), in(rnd(I64, 2, 3)));
        cs.add("index_add_/i32_index", x -> x.get(0).indexAdd_(0, x.get(1), x.get(2)), "x[0].index_add_(0, x[1], x[2])",
            in(rnd(F32, 4, 3)), in(L(1, 1).to(I32)), in(rnd(F32, 2, 3)));
        cs.add("index_add_/neg_index", x -> x.get(0).indexAdd_(0, x.get(1), x.get(2)), "x[0].index_add_(0, x[1], x[2])",
            in(rnd(F32, 4, 3)), in(L(-1, 0)), in(rnd(F32, 2, 3)));
        cs.add("index_add_/transposed", x -> x.get(0).indexAdd_(1, x.get(1), x.get(2)), "x[0].index_add_(1, x[1], x[2])",
            transposed(rnd(F32, 4, 3)), in(L(3, 0, 3)), transposed(rnd(F32, 3, 3)));
        cs.add("index_add_/1d", x -> x.get(0).indexAdd_(0, x.get(1), x.get(2)), "x[0].index_add_(0, x[1], x[2])",
            in(rnd(F32, 5)), in(L(4, 4, 0, 4)), in(rnd(F32, 4)));
        cs.add("index_add_/oob", x -> x.get(0).indexAdd_(0, x.get(1), x.get(2)), "x[0].index_add_(0, x[1], x[2])",
            in(rnd(F32, 4, 3)), in(L(4)), in(rnd(F32, 1, 3)));
        cs.add("index_add_/count_mismatch", x -> x.get(0).indexAdd_(0, x.get(1), x.get(2)), "x[0].index_add_(0, x[1], x[2])",
            in(rnd(F32, 4, 3)), in(L(0, 1)), in(rnd(F32, 3, 3)));
        cs.add("index_add_/shape_mismatch", x -> x.get(0).indexAdd_(0, x.get(1), x.get(2)), "x[0].index_add_(0, x[1], x[2])",
            in(rnd(F32, 4, 3)), in(L(0, 1)), in(rnd(F32, 2, 2)));
        cs.add("index_add_/dtype_mismatch", x -> x.get(0).indexAdd_(0, x.get(1), x.get(2)), "x[0].index_add_(0, x[1], x[2])",
            in(rnd(F32, 4, 3)), in(L(0, 1)), in(rnd(F64, 2, 3)));
        cs.add("index_add_/f32_index", x -> x.get(0).indexAdd_(0, x.get(1), x.get(2)), "x[0].index_add_(0, x[1], x[2])",
            in(rnd(F32, 4, 3)), in(rnd(F32, 2)), in(rnd(F32, 2, 3)));
        // index_fill
        for (DType dt : ALL) {
            cs.add("index_fill/d1/" + tag(dt), x -> x.get(0).indexFill(1, x.get(1), -1.0), "x[0].index_fill(1, x[1], -1.0)",
                in(rnd(dt, 3, 4)), in(L(0, 3, 3)));
        }
        cs.add("index_fill_/d0", x -> x.get(0).indexFill_(0, x.get(1), 2.5), "x[0].index_fill_(0, x[1], 2.5)",
            in(rnd(F32, 3, 4)), in(L(-1)));
        cs.add("index_fill/transposed", x -> x.get(0).indexFill(0, x.get(1), 9), "x[0].index_fill(0, x[1], 9)",
            transposed(rnd(F64, 4, 3)), in(L(2, 0)));
        cs.add("index_fill/scalar_index", x -> x.get(0).indexFill(1, x.get(1), 9), "x[0].index_fill(1, x[1], 9)",
            in(rnd(F32, 3, 4)), in(L(s(), 1)));
        cs.add("index_fill/scalar_self", x -> x.get(0).indexFill(0, x.get(1), 9), "x[0].index_fill(0, x[1], 9)",
            in(rnd(F32)), in(L(0)));
        cs.add("index_fill/empty_index", x -> x.get(0).indexFill(0, x.get(1), 9), "x[0].index_fill(0, x[1], 9)",
            in(rnd(F32, 3, 4)), in(L(s(0))));
        cs.add("index_fill/oob", x -> x.get(0).indexFill(1, x.get(1), 9), "x[0].index_fill(1, x[1], 9)",
            in(rnd(F32, 3, 4)), in(L(4)));
        cs.add("index_fill/i32_index", x -> x.get(0).indexFill(1, x.get(1), 9), "x[0].index_fill(1, x[1], 9)",
            in(rnd(F32, 3, 4)), in(L(1).to(I32)));
        cs.add("index_fill/2d_index", x -> x.get(0).indexFill(1, x.get(1), 9), "x[0].index_fill(1, x[1], 9)",
            in(rnd(F32, 3, 4)), in(L(s(1, 1), 1)));
        // negative dims and zero-size dims
        cs.add("index_add_/neg_dim", x -> x.get(0).indexAdd_(-1, x.get(1), x.get(2)), "x[0].index_add_(-1, x[1], x[2])",
            in(rnd(F32, 2, 3, 4)), in(L(3, 0)), in(rnd(F32, 2, 3, 2)));
        cs.add("index_add_/empty_index", x -> x.get(0).indexAdd_(0, x.get(1), x.get(2)), "x[0].index_add_(0, x[1], x[2])",
            in(rnd(F32, 4, 3)), in(L(s(0))), in(rnd(F32, 0, 3)));
        cs.add("index_add_/zero_cols", x -> x.get(0).indexAdd_(0, x.get(1), x.get(2)), "x[0].index_add_(0, x[1], x[2])",
            in(rnd(F32, 4, 0)), in(L(1, 3)), in(rnd(F32, 2, 0)));
        cs.add("index_fill/neg_dim", x -> x.get(0).indexFill(-2, x.get(1), 4), "x[0].index_fill(-2, x[1], 4)",
            in(rnd(I64, 2, 3, 4)), in(L(2, 0)));
        cs.add("index_fill/bad_dim", x -> x.get(0).indexFill(2, x.get(1), 4), "x[0].index_fill(2, x[1], 4)",
            in(rnd(I64, 3, 4)), in(L(0)));
        cs.add("index_select/zero_dim_selected", is1, "x[0].index_select(1, x[1])", in(rnd(F32, 3, 0)), in(L(s(0))));
        cs.add("index_select/zero_dim_oob", is1, "x[0].index_select(1, x[1])", in(rnd(F32, 3, 0)), in(L(0)));
        cs.add("gather/zero_rows", g1, "x[0].gather(1, x[1])", in(rnd(F32, 0, 4)), in(L(s(0, 2))));
        cs.add("gather/zero_dim_index_into_empty", g1, "x[0].gather(1, x[1])", in(rnd(F32, 2, 0)), in(L(s(2, 0))));
        cs.add("gather/neg_dim_error", x -> x.get(0).gather(-3, x.get(1)), "x[0].gather(-3, x[1])", in(rnd(F32, 3, 4)),
            in(L(s(1, 1), 0)));
        cs.add("scatter_src/zero_rows", x -> x.get(0).scatter(1, x.get(1), x.get(2)), "x[0].scatter(1, x[1], x[2])",
            in(rnd(F32, 0, 4)), in(L(s(0, 2))), in(rnd(F32, 0, 2)));
        cs.add("scatter_add/neg_dim", x -> x.get(0).scatterAdd(-2, x.get(1), x.get(2)), "x[0].scatter_add(-2, x[1], x[2])",
            in(rnd(F32, 3, 2)), in(L(s(4, 2), 0, 0, 2, 0, 2, 1, 0, 1)), in(rnd(F32, 4, 2)));
        cs.add("scatter_add/dtype_error", x -> x.get(0).scatterAdd(0, x.get(1), x.get(2)), "x[0].scatter_add(0, x[1], x[2])",
            in(rnd(F64, 3, 2)), in(L(s(1, 1), 0)), in(rnd(F32, 1, 1)));
        cs.add("scatter_value/bad_dim", x -> x.get(0).scatter(2, x.get(1), 1.0), "x[0].scatter(2, x[1], 1.0)",
            in(rnd(F32, 3, 2)), in(L(s(1, 1), 0)));
        cs.add("idx/zero_size_dim", x -> x.get(0).get(x.get(1)), "x[0][x[1]]", in(rnd(F32, 3, 0)), in(L(2, 0)));
        cs.add("idx/empty_from_empty", x -> x.get(0).get(x.get(1)), "x[0][x[1]]", in(rnd(F32, 0, 3)), in(L(s(0))));
        cs.add("idx/oob_on_empty", x -> x.get(0).get(x.get(1)), "x[0][x[1]]", in(rnd(F32, 0, 3)), in(L(0)));
        return TorchOracle.run("index-scatter", cs.list);
    }

    // ================================================================ large inputs: off-heap storage, parallel paths

    @TestFactory
    Stream<DynamicTest> largeInputs() {
        Cases cs = new Cases();
        cs.add("large/get_str", x -> x.get(0).get("10:190:3, ..., -1"), "x[0][10:190:3, ..., -1]", in(rnd(F32, 200, 30, 12)));
        cs.add("large/get_idx_rows", x -> x.get(0).get(x.get(1)), "x[0][x[1]]", in(rnd(F64, 300, 40)),
            in(rnd(I64, 500).abs().mul(29)));
        cs.add("large/get_idx_transposed", x -> x.get(0).get(x.get(1)), "x[0][x[1]]", transposed(rnd(F32, 120, 150)),
            in(rnd(I64, 200).abs().mul(11)));
        cs.add("large/mask_full", x -> x.get(0).get(x.get(1)), "x[0][x[1]]", in(rnd(F32, 150, 150)), in(rnd(BOOL, 150, 150)));
        cs.add("large/set_mask_scalar", x -> x.get(0).set(x.get(1), 3.0), pySet("x[1]", "3.0"), transposed(rnd(F32, 150, 150)),
            in(rnd(BOOL, 150, 150)));
        cs.add("large/set_mask_values", x -> x.get(0).set(x.get(1), x.get(2)), pySet("x[1]", "x[2]"), in(rnd(F64, 200, 100)),
            in(rnd(BOOL, 200)), in(rnd(F64, 100)));
        cs.add("large/set_str_tensor", x -> x.get(0).set(":, 5:105", x.get(1)), pySet(":, 5:105", "x[1]"),
            in(rnd(F32, 200, 120)), transposed(rnd(F32, 100, 200)));
        cs.add("large/index_put_acc", x -> x.get(0).indexPut_(new Tensor[] {x.get(1)}, x.get(2), true),
            "x[0].index_put_((x[1],), x[2], accumulate=True)", in(rnd(F64, 50, 300)), in(rnd(I64, 80).abs().mul(9)),
            in(rnd(F64, 80, 300)));
        cs.add("large/gather", x -> x.get(0).gather(0, x.get(1)), "x[0].gather(0, x[1])", in(rnd(F32, 200, 100)),
            in(rnd(I64, 150, 100).abs().mul(39)));
        cs.add("large/scatter_", x -> x.get(0).scatter_(1, x.get(1), x.get(2)), "x[0].scatter_(1, x[1], x[2])",
            in(rnd(F32, 200, 100)), in(Torch.arange(100).flip(0).reshape(1, 100).repeat(200, 1)), in(rnd(F32, 200, 100)));
        cs.add("large/scatter_add", x -> x.get(0).scatterAdd(0, x.get(1), x.get(2)), "x[0].scatter_add(0, x[1], x[2])",
            in(rnd(F64, 100, 100)), in(rnd(I64, 150, 100).abs().mul(19)), in(rnd(F64, 150, 100)));
        cs.add("large/index_select_parallel", x -> x.get(0).indexSelect(0, x.get(1)), "x[0].index_select(0, x[1])",
            in(rnd(F32, 300, 64)), in(rnd(I64, 400).abs().mul(59)));
        cs.add("large/index_select_pick", x -> x.get(0).indexSelect(1, x.get(1)), "x[0].index_select(1, x[1])",
            in(rnd(I64, 300, 100)), in(rnd(I64, 60).abs().mul(19)));
        cs.add("large/index_add_", x -> x.get(0).indexAdd_(1, x.get(1), x.get(2)), "x[0].index_add_(1, x[1], x[2])",
            in(rnd(F32, 200, 100)), in(rnd(I64, 150).abs().mul(19)), in(rnd(F32, 200, 150)));
        cs.add("large/index_fill", x -> x.get(0).indexFill(0, x.get(1), -7), "x[0].index_fill(0, x[1], -7)",
            transposed(rnd(F32, 100, 200)), in(rnd(I64, 30).abs().mul(39)));
        cs.add("large/masked_select", x -> x.get(0).maskedSelect(x.get(1)), "x[0].masked_select(x[1])",
            in(rnd(F32, 200, 100)), in(rnd(BOOL, 100)));
        cs.add("large/nonzero", x -> x.get(0).nonzero(), "x[0].nonzero()", in(rnd(I32, 40, 30, 20)));
        cs.add("large/cat", x -> Torch.cat(x, 1), "torch.cat(x, 1)", transposed(rnd(F32, 100, 200)), in(rnd(F64, 200, 50)));
        cs.add("large/stack", x -> Torch.stack(x, 1), "torch.stack(x, 1)", in(rnd(F32, 200, 100)), in(rnd(F32, 200, 100)));
        cs.add("large/flip", x -> x.get(0).flip(0, 1), "x[0].flip([0, 1])", in(rnd(F64, 200, 100)));
        cs.add("large/roll", x -> x.get(0).roll(new long[] {7, -13}, new int[] {0, 1}), "x[0].roll((7, -13), (0, 1))",
            transposed(rnd(F32, 150, 200)));
        cs.add("large/repeat", x -> x.get(0).repeat(3, 2), "x[0].repeat(3, 2)", in(rnd(F32, 100, 60)));
        cs.add("large/repeat_interleave", x -> x.get(0).repeatInterleave(3, 1), "x[0].repeat_interleave(3, dim=1)",
            in(rnd(F32, 100, 60)));
        cs.add("large/tril", x -> x.get(0).tril(-3), "x[0].tril(-3)", in(rnd(F32, 3, 120, 110)));
        cs.add("large/triu", x -> x.get(0).triu(5), "x[0].triu(5)", transposed(rnd(F64, 150, 130)));
        cs.add("large/split", x -> x.get(0).split(70, 0), "x[0].split(70, 0)", in(rnd(F32, 200, 100)));
        cs.add("large/sort_rows", x -> x.get(0).sort(1, false, true), "x[0].sort(dim=1, stable=True)", in(rnd(F32, 300, 100)));
        cs.add("large/sort_cols_i64", x -> x.get(0).sort(0, true, true), "x[0].sort(dim=0, descending=True, stable=True)",
            in(rnd(I64, 300, 60)));
        cs.add("large/sort_f64", x -> x.get(0).sort(), "x[0].sort()", in(rnd(F64, 20, 2000)));
        cs.add("large/topk", x -> x.get(0).topk(10), "x[0].topk(10)", in(rnd(F64, 50, 1000)));
        cs.add("large/topk_smallest_i32_values", x -> x.get(0).topk(100, 0, false).values(), "x[0].topk(100, 0, largest=False).values",
            in(rnd(I32, 1000, 30)));
        cs.add("large/unique_f32", x -> { var r = x.get(0).unique(true, true, true); return List.of(r.values(), r.inverse(), r.counts()); },
            "torch.unique(x[0], sorted=True, return_inverse=True, return_counts=True)", in(rnd(I64, 200, 100).to(F32)));
        cs.add("large/unique_f64", x -> x.get(0).unique(), "torch.unique(x[0])", in(rnd(F64, 30000)));
        cs.add("large/one_hot", x -> Torch.oneHot(x.get(0), 10), "F.one_hot(x[0], 10)", in(rnd(I64, 3000).abs()));
        return TorchOracle.run("index-large", cs.list);
    }
}
