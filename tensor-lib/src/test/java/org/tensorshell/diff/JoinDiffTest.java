package org.tensorshell.diff;

import static org.tensorshell.diff.Gen.*;
import static org.tensorshell.diff.IndexDiffTest.L;
import static org.tensorshell.diff.IndexDiffTest.s;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.tensorshell.DType;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;

/**
 * Joining (cat, stack, hstack, vstack), splitting (split, chunk, unbind), repeating, flipping, rolling,
 * triangles and one_hot against PyTorch 1.13.
 */
@Tag("backend")
class JoinDiffTest {

    static final DType F32 = DType.FLOAT32, F64 = DType.FLOAT64, I64 = DType.INT64, I32 = DType.INT32, BOOL = DType.BOOL;
    static final DType[] ALL = DType.values();

    // ================================================================ cat, stack, hstack, vstack

    @TestFactory
    Stream<DynamicTest> joining() {
        IndexDiffTest.Cases cs = new IndexDiffTest.Cases();
        Function<List<Tensor>, Object> cat0 = x -> Torch.cat(x, 0);
        Function<List<Tensor>, Object> cat1 = x -> Torch.cat(x, 1);
        Function<List<Tensor>, Object> catm1 = x -> Torch.cat(x, -1);
        for (DType a : ALL) {
            for (DType b : ALL) {
                cs.add("cat/promote/" + tag(a) + "_" + tag(b), cat1, "torch.cat(x, 1)", in(rnd(a, 2, 3)), in(rnd(b, 2, 2)));
            }
        }
        cs.add("cat/d0/three", cat0, "torch.cat(x, 0)", in(rnd(F32, 2, 3)), in(rnd(F32, 1, 3)), in(rnd(F32, 4, 3)));
        cs.add("cat/neg_dim_3d", catm1, "torch.cat(x, -1)", in(rnd(F64, 2, 2, 3)), in(rnd(F64, 2, 2, 1)));
        cs.add("cat/mid_dim_3d", x -> Torch.cat(x, -2), "torch.cat(x, -2)", in(rnd(I64, 2, 2, 3)), in(rnd(I64, 2, 5, 3)));
        cs.add("cat/single", cat0, "torch.cat(x, 0)", in(rnd(F32, 2, 3)));
        cs.add("cat/1d", cat0, "torch.cat(x, 0)", in(rnd(I32, 3)), in(rnd(I32, 4)));
        cs.add("cat/transposed", cat0, "torch.cat(x, 0)", transposed(rnd(F32, 3, 2)), in(rnd(F32, 1, 3)));
        cs.add("cat/strided", cat1, "torch.cat(x, 1)", strided(rnd(F32, 2, 6)), transposed(rnd(F32, 4, 2)));
        cs.add("cat/zero_rows", cat0, "torch.cat(x, 0)", in(rnd(F32, 0, 3)), in(rnd(F32, 2, 3)));
        cs.add("cat/all_zero", cat0, "torch.cat(x, 0)", in(rnd(F32, 0, 3)), in(rnd(F32, 0, 3)));
        cs.add("cat/zero_cols_d1", cat1, "torch.cat(x, 1)", in(rnd(F32, 2, 0)), in(rnd(F64, 2, 3)));
        cs.add("cat/legacy_empty_1d", cat0, "torch.cat(x, 0)", in(rnd(F32, 2, 3)), in(rnd(F32, 0)), in(rnd(F32, 1, 3)));
        cs.add("cat/legacy_empty_1d_d1", cat1, "torch.cat(x, 1)", in(rnd(F32, 0)), in(rnd(F32, 2, 3)));
        cs.add("cat/legacy_empty_1d_promotes", cat0, "torch.cat(x, 0)", in(rnd(F64, 0)), in(rnd(F32, 2, 3)));
        cs.add("cat/only_empty_1d", cat0, "torch.cat(x, 0)", in(rnd(I64, 0)), in(rnd(F32, 0)));
        cs.add("cat/large", cat1, "torch.cat(x, 1)", in(rnd(F32, 100, 70)), in(rnd(F32, 100, 30)));
        cs.add("cat/error_size", cat0, "torch.cat(x, 0)", in(rnd(F32, 2, 3)), in(rnd(F32, 2, 4)));
        cs.add("cat/error_ndim", cat0, "torch.cat(x, 0)", in(rnd(F32, 2, 3)), in(rnd(F32, 3)));
        cs.add("cat/error_0dim", cat0, "torch.cat(x, 0)", in(rnd(F32)), in(rnd(F32)));
        cs.add("cat/error_dim", x -> Torch.cat(x, 2), "torch.cat(x, 2)", in(rnd(F32, 2, 3)), in(rnd(F32, 2, 3)));
        cs.add("cat/error_neg_dim", x -> Torch.cat(x, -3), "torch.cat(x, -3)", in(rnd(F32, 2, 3)), in(rnd(F32, 2, 3)));
        cs.add("cat/error_zero_rows_size", cat0, "torch.cat(x, 0)", in(rnd(F32, 0, 2)), in(rnd(F32, 2, 3)));
        Function<List<Tensor>, Object> st0 = x -> Torch.stack(x, 0);
        Function<List<Tensor>, Object> st1 = x -> Torch.stack(x, 1);
        Function<List<Tensor>, Object> stm1 = x -> Torch.stack(x, -1);
        for (DType dt : ALL) {
            cs.add("stack/d0/" + tag(dt), st0, "torch.stack(x, 0)", in(rnd(dt, 2, 3)), in(rnd(dt, 2, 3)));
            cs.add("stack/d-1/" + tag(dt), stm1, "torch.stack(x, -1)", in(rnd(dt, 2, 3)), in(rnd(dt, 2, 3)), in(rnd(dt, 2, 3)));
        }
        cs.add("stack/promote", st1, "torch.stack(x, 1)", in(rnd(I64, 3)), in(rnd(F32, 3)));
        cs.add("stack/promote_bool_i32", st1, "torch.stack(x, 1)", in(rnd(BOOL, 3)), in(rnd(I32, 3)));
        cs.add("stack/scalars", st0, "torch.stack(x, 0)", in(rnd(F32)), in(rnd(F32)), in(rnd(F32)));
        cs.add("stack/scalars_neg", stm1, "torch.stack(x, -1)", in(rnd(F64)), in(rnd(F64)));
        cs.add("stack/last_dim_3d", x -> Torch.stack(x, 3), "torch.stack(x, 3)", in(rnd(F32, 2, 1, 2)), in(rnd(F32, 2, 1, 2)));
        cs.add("stack/transposed", st1, "torch.stack(x, 1)", transposed(rnd(F32, 3, 2)), in(rnd(F32, 2, 3)));
        cs.add("stack/empty", st0, "torch.stack(x, 0)", in(rnd(F32, 0)), in(rnd(F32, 0)));
        cs.add("stack/empty_2d", st1, "torch.stack(x, 1)", in(rnd(F32, 0, 2)), in(rnd(F32, 0, 2)));
        cs.add("stack/error_shape", st0, "torch.stack(x, 0)", in(rnd(F32, 2, 3)), in(rnd(F32, 3, 2)));
        cs.add("stack/error_dim", x -> Torch.stack(x, 3), "torch.stack(x, 3)", in(rnd(F32, 2, 3)), in(rnd(F32, 2, 3)));
        cs.add("stack/error_neg_dim", x -> Torch.stack(x, -4), "torch.stack(x, -4)", in(rnd(F32, 2, 3)), in(rnd(F32, 2, 3)));
        Function<List<Tensor>, Object> hs = x -> Torch.hstack(x);
        Function<List<Tensor>, Object> vs = x -> Torch.vstack(x);
        cs.add("hstack/1d", hs, "torch.hstack(x)", in(rnd(F32, 2)), in(rnd(F32, 3)));
        cs.add("hstack/2d", hs, "torch.hstack(x)", in(rnd(F32, 2, 2)), in(rnd(I64, 2, 3)));
        cs.add("hstack/3d", hs, "torch.hstack(x)", in(rnd(F64, 2, 1, 2)), in(rnd(F64, 2, 3, 2)));
        cs.add("hstack/scalars", hs, "torch.hstack(x)", in(rnd(F32)), in(rnd(F32)));
        cs.add("hstack/scalar_and_1d", hs, "torch.hstack(x)", in(rnd(I32)), in(rnd(I32, 3)));
        cs.add("hstack/transposed", hs, "torch.hstack(x)", transposed(rnd(F32, 2, 3)), in(rnd(F32, 3, 1)));
        cs.add("hstack/error", hs, "torch.hstack(x)", in(rnd(F32, 2, 2)), in(rnd(F32, 3, 2)));
        cs.add("vstack/1d", vs, "torch.vstack(x)", in(rnd(F32, 3)), in(rnd(F32, 3)));
        cs.add("vstack/1d_2d", vs, "torch.vstack(x)", in(rnd(F32, 3)), in(rnd(F32, 2, 3)));
        cs.add("vstack/scalars", vs, "torch.vstack(x)", in(rnd(BOOL)), in(rnd(BOOL)));
        cs.add("vstack/3d", vs, "torch.vstack(x)", in(rnd(F32, 1, 2, 2)), in(rnd(F64, 2, 2, 2)));
        cs.add("vstack/error", vs, "torch.vstack(x)", in(rnd(F32, 3)), in(rnd(F32, 4)));
        cs.add("vstack/empty", vs, "torch.vstack(x)", in(rnd(F32, 0)), in(rnd(F32, 0)));
        return TorchOracle.run("join-cat", cs.list);
    }

    // ================================================================ split, chunk, unbind

    @TestFactory
    Stream<DynamicTest> splitting() {
        IndexDiffTest.Cases cs = new IndexDiffTest.Cases();
        long[][] shapes = {{6, 4}, {5, 3}, {0, 4}, {2, 7, 3}};
        for (long[] sh : shapes) {
            String st = shapeTag(sh);
            for (long size : new long[] {1, 2, 4, 10}) {
                cs.add("split/" + st + "/" + size, x -> x.get(0).split(size), "x[0].split(" + size + ")", in(rnd(F32, sh)));
                cs.add("split/" + st + "/" + size + "/d-1", x -> x.get(0).split(size, -1), "x[0].split(" + size + ", -1)",
                    in(rnd(I64, sh)));
            }
            for (int chunks : new int[] {1, 2, 3, 4, 5, 7}) {
                cs.add("chunk/" + st + "/" + chunks, x -> x.get(0).chunk(chunks), "x[0].chunk(" + chunks + ")", in(rnd(F32, sh)));
                cs.add("chunk/" + st + "/" + chunks + "/d1", x -> x.get(0).chunk(chunks, 1), "x[0].chunk(" + chunks + ", 1)",
                    in(rnd(F64, sh)));
            }
            cs.add("unbind/" + st, x -> x.get(0).unbind(), "x[0].unbind()", in(rnd(F32, sh)));
            cs.add("unbind/" + st + "/d-1", x -> x.get(0).unbind(-1), "x[0].unbind(-1)", in(rnd(BOOL, sh)));
        }
        cs.add("split/zero_size_dim0", x -> x.get(0).split(0), "x[0].split(0)", in(rnd(F32, 0, 3)));
        cs.add("split/zero_size_error", x -> x.get(0).split(0), "x[0].split(0)", in(rnd(F32, 2, 3)));
        cs.add("split/neg_size_error", x -> x.get(0).split(-1), "x[0].split(-1)", in(rnd(F32, 2, 3)));
        cs.add("split/scalar_error", x -> x.get(0).split(1), "x[0].split(1)", in(rnd(F32)));
        cs.add("split/bad_dim", x -> x.get(0).split(1, 2), "x[0].split(1, 2)", in(rnd(F32, 2, 3)));
        cs.add("split/transposed", x -> x.get(0).split(2, 1), "x[0].split(2, 1)", transposed(rnd(F32, 5, 3)));
        cs.add("split/strided", x -> x.get(0).split(2, -1), "x[0].split(2, -1)", strided(rnd(F32, 2, 10)));
        long[][] sizes = {{1, 2, 3}, {6}, {0, 6}, {3, 0, 3}, {2, 2}, {4, 4}, {-1, 7}, {}};
        for (long[] sz : sizes) {
            String key = java.util.Arrays.toString(sz);
            cs.add("split_sizes/" + key, x -> x.get(0).split(sz, 0), "x[0].split(" + key + ", 0)", in(rnd(F32, 6, 2)));
            cs.add("split_sizes/" + key + "/d-1", x -> x.get(0).split(sz, -1), "x[0].split(" + key + ", -1)",
                transposed(rnd(I32, 6, 2)));
        }
        cs.add("split_sizes/functional", x -> Torch.split(x.get(0), new long[] {1, 1}, 1), "torch.split(x[0], [1, 1], 1)",
            in(rnd(F32, 3, 2)));
        cs.add("chunk/zero_error", x -> x.get(0).chunk(0), "x[0].chunk(0)", in(rnd(F32, 4)));
        cs.add("chunk/scalar_error", x -> x.get(0).chunk(2), "x[0].chunk(2)", in(rnd(F32)));
        cs.add("chunk/bad_dim", x -> x.get(0).chunk(2, -3), "x[0].chunk(2, -3)", in(rnd(F32, 4, 2)));
        cs.add("chunk/transposed", x -> x.get(0).chunk(3, 1), "x[0].chunk(3, 1)", transposed(rnd(F32, 7, 2)));
        cs.add("unbind/scalar_error", x -> x.get(0).unbind(), "x[0].unbind()", in(rnd(F32)));
        cs.add("unbind/bad_dim", x -> x.get(0).unbind(2), "x[0].unbind(2)", in(rnd(F32, 2, 2)));
        cs.add("unbind/transposed", x -> x.get(0).unbind(1), "x[0].unbind(1)", transposed(rnd(F32, 3, 2)));
        cs.add("unbind/functional", x -> Torch.unbind(x.get(0), 1), "torch.unbind(x[0], 1)", in(rnd(I64, 2, 3)));
        return TorchOracle.run("join-split", cs.list);
    }

    // ================================================================ repeat, repeat_interleave, flip, roll

    @TestFactory
    Stream<DynamicTest> repeatFlipRoll() {
        IndexDiffTest.Cases cs = new IndexDiffTest.Cases();
        long[][] reps = {{2, 3}, {1, 1}, {3, 1, 2}, {0, 2}, {2, 0, 1}, {2}, {1, 1, 1, 1}};
        for (long[] r : reps) {
            String key = java.util.Arrays.toString(r).replace("[", "").replace("]", "");
            String py = "x[0].repeat(" + key + (r.length == 1 ? "," : "") + ")";
            cs.add("repeat/2x3/(" + key + ")", x -> x.get(0).repeat(r), py, in(rnd(F32, 2, 3)));
            cs.add("repeat/transposed/(" + key + ")", x -> x.get(0).repeat(r), py, transposed(rnd(I64, 3, 2)));
        }
        for (DType dt : ALL) cs.add("repeat/" + tag(dt), x -> x.get(0).repeat(2, 2), "x[0].repeat(2, 2)", in(rnd(dt, 3)));
        cs.add("repeat/scalar", x -> x.get(0).repeat(3), "x[0].repeat(3)", in(rnd(F32)));
        cs.add("repeat/scalar_noargs", x -> x.get(0).repeat(), "x[0].repeat(())", in(rnd(F32)));
        cs.add("repeat/empty", x -> x.get(0).repeat(2, 3), "x[0].repeat(2, 3)", in(rnd(F32, 0, 2)));
        cs.add("repeat/error_fewer", x -> x.get(0).repeat(2), "x[0].repeat(2)", in(rnd(F32, 2, 3)));
        cs.add("repeat/error_negative", x -> x.get(0).repeat(-1, 2), "x[0].repeat(-1, 2)", in(rnd(F32, 2, 3)));
        // repeat_interleave
        for (DType dt : ALL) {
            cs.add("repeat_interleave/flat/" + tag(dt), x -> x.get(0).repeatInterleave(2), "x[0].repeat_interleave(2)",
                in(rnd(dt, 2, 3)));
        }
        cs.add("repeat_interleave/d0", x -> x.get(0).repeatInterleave(3, 0), "x[0].repeat_interleave(3, dim=0)", in(rnd(F32, 2, 3)));
        cs.add("repeat_interleave/d-1", x -> x.get(0).repeatInterleave(2, -1), "x[0].repeat_interleave(2, dim=-1)",
            transposed(rnd(F32, 3, 2)));
        cs.add("repeat_interleave/zero", x -> x.get(0).repeatInterleave(0, 1), "x[0].repeat_interleave(0, dim=1)", in(rnd(F32, 2, 3)));
        cs.add("repeat_interleave/scalar_flat", x -> x.get(0).repeatInterleave(3), "x[0].repeat_interleave(3)", in(rnd(F32)));
        cs.add("repeat_interleave/scalar_dim_error", x -> x.get(0).repeatInterleave(3, 0), "x[0].repeat_interleave(3, dim=0)",
            in(rnd(F32)));
        cs.add("repeat_interleave/neg_error", x -> x.get(0).repeatInterleave(-1, 0), "x[0].repeat_interleave(-1, dim=0)",
            in(rnd(F32, 2)));
        cs.add("repeat_interleave/bad_dim", x -> x.get(0).repeatInterleave(2, 2), "x[0].repeat_interleave(2, dim=2)",
            in(rnd(F32, 2, 3)));
        Function<List<Tensor>, Object> ri0 = x -> x.get(0).repeatInterleave(x.get(1), 0);
        Function<List<Tensor>, Object> ri1 = x -> x.get(0).repeatInterleave(x.get(1), 1);
        cs.add("repeat_interleave/tensor_d0", ri0, "x[0].repeat_interleave(x[1], dim=0)", in(rnd(F32, 3, 2)), in(L(1, 0, 3)));
        cs.add("repeat_interleave/tensor_d1", ri1, "x[0].repeat_interleave(x[1], dim=1)", in(rnd(I64, 2, 3)), in(L(2, 2, 1)));
        cs.add("repeat_interleave/tensor_one", ri1, "x[0].repeat_interleave(x[1], dim=1)", in(rnd(F32, 2, 3)), in(L(2)));
        cs.add("repeat_interleave/tensor_0dim", ri1, "x[0].repeat_interleave(x[1], dim=1)", in(rnd(F32, 2, 3)), in(L(s(), 2)));
        cs.add("repeat_interleave/tensor_i32", ri0, "x[0].repeat_interleave(x[1], dim=0)", in(rnd(F32, 2)), in(L(1, 2).to(I32)));
        cs.add("repeat_interleave/tensor_len_error", ri0, "x[0].repeat_interleave(x[1], dim=0)", in(rnd(F32, 3)), in(L(1, 2)));
        cs.add("repeat_interleave/tensor_neg_error", ri0, "x[0].repeat_interleave(x[1], dim=0)", in(rnd(F32, 2)), in(L(1, -2)));
        cs.add("repeat_interleave/tensor_float_error", ri0, "x[0].repeat_interleave(x[1], dim=0)", in(rnd(F32, 2)),
            in(rnd(F32, 2)));
        cs.add("repeat_interleave/tensor_2d_error", ri0, "x[0].repeat_interleave(x[1], dim=0)", in(rnd(F32, 2)),
            in(L(s(2, 1), 1, 2)));
        // flip
        int[][] flips = {{0}, {1}, {-1}, {0, 1}, {}, {0, 2}, {-3, -1}};
        for (int[] dims : flips) {
            String key = java.util.Arrays.toString(dims);
            for (DType dt : new DType[] {F32, I64, BOOL}) {
                cs.add("flip/" + tag(dt) + "/" + key, x -> x.get(0).flip(dims), "x[0].flip(" + key + ")", in(rnd(dt, 2, 3, 4)));
            }
            cs.add("flip/transposed/" + key, x -> x.get(0).flip(dims), "x[0].flip(" + key + ")", transposed(rnd(F64, 2, 4, 3)));
        }
        cs.add("flip/strided", x -> x.get(0).flip(1), "x[0].flip(1)", strided(rnd(F32, 2, 9)));
        cs.add("flip/empty", x -> x.get(0).flip(0, 1), "x[0].flip([0, 1])", in(rnd(F32, 0, 3)));
        cs.add("flip/scalar", x -> x.get(0).flip(), "x[0].flip([])", in(rnd(F32)));
        cs.add("flip/scalar_dim0", x -> x.get(0).flip(0), "x[0].flip([0])", in(rnd(F32)));
        cs.add("flip/repeat_dim_error", x -> x.get(0).flip(0, -2), "x[0].flip([0, -2])", in(rnd(F32, 2, 3)));
        cs.add("flip/bad_dim", x -> x.get(0).flip(2), "x[0].flip([2])", in(rnd(F32, 2, 3)));
        cs.add("flip/functional", x -> Torch.flip(x.get(0), 0), "torch.flip(x[0], [0])", in(rnd(I32, 4)));
        // roll
        long[] shiftList = {0, 1, -1, 3, 7, -8, 100};
        for (long sh : shiftList) {
            cs.add("roll/flat/" + sh, x -> x.get(0).roll(sh), "x[0].roll(" + sh + ")", in(rnd(F32, 3, 4)));
            cs.add("roll/d1/" + sh, x -> x.get(0).roll(sh, 1), "x[0].roll(" + sh + ", 1)", in(rnd(I64, 3, 4)));
            cs.add("roll/d-2/" + sh, x -> x.get(0).roll(sh, -2), "x[0].roll(" + sh + ", -2)", transposed(rnd(F64, 4, 3)));
        }
        cs.add("roll/multi", x -> x.get(0).roll(new long[] {1, -2}, new int[] {0, 1}), "x[0].roll((1, -2), (0, 1))",
            in(rnd(F32, 3, 4)));
        cs.add("roll/multi_same_dim", x -> x.get(0).roll(new long[] {1, 2}, new int[] {1, 1}), "x[0].roll((1, 2), (1, 1))",
            in(rnd(F32, 3, 4)));
        cs.add("roll/flat_transposed", x -> x.get(0).roll(5), "x[0].roll(5)", transposed(rnd(F32, 4, 3)));
        cs.add("roll/strided", x -> x.get(0).roll(1, 1), "x[0].roll(1, 1)", strided(rnd(F32, 2, 8)));
        cs.add("roll/empty", x -> x.get(0).roll(2, 0), "x[0].roll(2, 0)", in(rnd(F32, 0, 3)));
        cs.add("roll/empty_flat", x -> x.get(0).roll(2), "x[0].roll(2)", in(rnd(F32, 0, 3)));
        cs.add("roll/scalar", x -> x.get(0).roll(2), "x[0].roll(2)", in(rnd(F32)));
        cs.add("roll/bool", x -> x.get(0).roll(2, 0), "x[0].roll(2, 0)", in(rnd(BOOL, 5)));
        cs.add("roll/align_error", x -> x.get(0).roll(new long[] {1, 2}, new int[] {0}), "x[0].roll((1, 2), (0,))",
            in(rnd(F32, 3, 4)));
        cs.add("roll/bad_dim", x -> x.get(0).roll(1, 2), "x[0].roll(1, 2)", in(rnd(F32, 3, 4)));
        return TorchOracle.run("join-repeat", cs.list);
    }

    // ================================================================ tril, triu, one_hot

    @TestFactory
    Stream<DynamicTest> trianglesOneHot() {
        IndexDiffTest.Cases cs = new IndexDiffTest.Cases();
        long[][] shapes = {{4, 4}, {3, 5}, {5, 3}, {2, 3, 4}, {0, 3}, {3, 0}, {3, 70}, {2, 4, 70}, {70, 3}};
        long[] ks = {0, 1, -1, 2, -2, 10, -10};
        for (long[] sh : shapes) {
            for (long k : ks) {
                cs.add("tril/" + shapeTag(sh) + "/k" + k, x -> x.get(0).tril(k), "x[0].tril(" + k + ")", in(rnd(F32, sh)));
                cs.add("triu/" + shapeTag(sh) + "/k" + k, x -> x.get(0).triu(k), "x[0].triu(" + k + ")", in(rnd(F32, sh)));
            }
        }
        for (DType dt : ALL) {
            cs.add("tril/" + tag(dt), x -> x.get(0).tril(), "x[0].tril()", in(rnd(dt, 3, 3)));
            cs.add("triu/" + tag(dt), x -> x.get(0).triu(-1), "x[0].triu(-1)", in(rnd(dt, 3, 4)));
            cs.add("triu/wide/" + tag(dt), x -> x.get(0).triu(1), "x[0].triu(1)", in(rnd(dt, 2, 65)));
        }
        cs.add("tril/transposed", x -> x.get(0).tril(1), "x[0].tril(1)", transposed(rnd(F64, 5, 3)));
        cs.add("triu/transposed_wide", x -> x.get(0).triu(-1), "x[0].triu(-1)", transposed(rnd(F64, 80, 3)));
        cs.add("triu/strided", x -> x.get(0).triu(), "x[0].triu()", strided(rnd(F32, 3, 8)));
        cs.add("tril_/in_place", x -> x.get(0).tril_(-1), "x[0].tril_(-1)", in(rnd(F32, 3, 3)));
        cs.add("triu_/in_place_transposed", x -> x.get(0).triu_(1), "x[0].triu_(1)", transposed(rnd(F32, 3, 4)));
        cs.add("tril/1d_error", x -> x.get(0).tril(), "x[0].tril()", in(rnd(F32, 3)));
        cs.add("triu/scalar_error", x -> x.get(0).triu(), "x[0].triu()", in(rnd(F32)));
        cs.add("tril/functional", x -> Torch.tril(x.get(0), 1), "torch.tril(x[0], 1)", in(rnd(I32, 3, 3)));
        // one_hot
        Function<List<Tensor>, Object> oh = x -> Torch.oneHot(x.get(0));
        Function<List<Tensor>, Object> oh5 = x -> Torch.oneHot(x.get(0), 5);
        cs.add("one_hot/1d", oh, "F.one_hot(x[0])", in(L(0, 3, 1, 3)));
        cs.add("one_hot/1d_n5", oh5, "F.one_hot(x[0], 5)", in(L(0, 3, 1, 3)));
        cs.add("one_hot/2d", oh5, "F.one_hot(x[0], 5)", in(L(s(2, 3), 4, 0, 0, 1, 2, 3)));
        cs.add("one_hot/2d_infer", oh, "F.one_hot(x[0])", in(L(s(2, 2), 1, 0, 2, 1)));
        cs.add("one_hot/transposed", oh, "F.one_hot(x[0])", transposed(L(s(2, 3), 4, 0, 0, 1, 2, 3)));
        cs.add("one_hot/scalar", oh5, "F.one_hot(x[0], 5)", in(L(s(), 2)));
        cs.add("one_hot/scalar_infer", oh, "F.one_hot(x[0])", in(L(s(), 2)));
        cs.add("one_hot/empty_n5", oh5, "F.one_hot(x[0], 5)", in(L(s(0))));
        cs.add("one_hot/empty_infer_error", oh, "F.one_hot(x[0])", in(L(s(0))));
        cs.add("one_hot/n0_empty", x -> Torch.oneHot(x.get(0), 0), "F.one_hot(x[0], 0)", in(L(s(0))));
        cs.add("one_hot/too_small_error", x -> Torch.oneHot(x.get(0), 3), "F.one_hot(x[0], 3)", in(L(0, 3)));
        cs.add("one_hot/negative_error", oh5, "F.one_hot(x[0], 5)", in(L(0, -1)));
        cs.add("one_hot/i32_error", oh5, "F.one_hot(x[0], 5)", in(L(0, 1).to(I32)));
        cs.add("one_hot/f32_error", oh5, "F.one_hot(x[0], 5)", in(rnd(F32, 2)));
        cs.add("one_hot/bad_num_classes", x -> Torch.oneHot(x.get(0), -2), "F.one_hot(x[0], -2)", in(L(0, 1)));
        return TorchOracle.run("join-tri", cs.list);
    }
}
