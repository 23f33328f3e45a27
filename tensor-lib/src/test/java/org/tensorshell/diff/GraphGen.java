package org.tensorshell.diff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import org.tensorshell.Autograd;
import org.tensorshell.DType;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;

/**
 * Random autograd graphs, run in Tensorshell while they are generated and written out as the same program
 * in Python. A graph: float32 leaves requiring grad, random ops over them (pointwise with broadcasting,
 * views, reductions, joins, in-place updates of non-leaves and of views, shared subexpressions), hooks that
 * scale gradients, retainGrad on intermediates, optionally a createGraph double backward, then a weighted
 * sum as loss and backward. The compared outputs are the leaves' and retained gradients.
 */
final class GraphGen {

    /** A generated case: inputs (leaves and constants), the Python program, the names of the compared grads. */
    record Graph(String name, Map<String, Tensor> leaves, Map<String, Tensor> constants, String py,
                 List<String> compared, List<Tensor> javaGrads, String javaError) {}

    private static final class V {
        final String name;
        final Tensor t;
        final Set<String> leaves;

        V(String name, Tensor t, Set<String> leaves) {
            this.name = name;
            this.t = t;
            this.leaves = leaves;
        }

        long[] shape() { return t.shape(); }

        int dim() { return t.dim(); }
    }

    private final Random rng;
    private final StringBuilder py = new StringBuilder();
    private final List<V> pool = new ArrayList<>();
    private final Map<String, Tensor> leaves = new LinkedHashMap<>();
    private final Map<String, Tensor> constants = new LinkedHashMap<>();
    private final List<String> retained = new ArrayList<>();
    private final Map<String, Tensor> retainedT = new LinkedHashMap<>();
    private int counter;

    private GraphGen(long seed) { this.rng = new Random(seed); }

    static Graph generate(String name, long seed, boolean doubleBackward) {
        GraphGen g = new GraphGen(seed);
        try {
            return g.build(name, doubleBackward);
        } catch (RuntimeException e) {
            return new Graph(name, g.leaves, g.constants, g.py.toString(), List.of(), List.of(),
                e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ building

    private static final long[][] SHAPES = {{3, 4}, {4}, {3, 1}, {2, 3, 4}, {4, 3}, {1, 4}, {}, {3}};

    private Graph build(String name, boolean doubleBackward) {
        int nLeaves = 2 + rng.nextInt(2);
        for (int i = 0; i < nLeaves; i++) {
            long[] s = i == 0 ? pick(new long[][] {{3, 4}, {2, 3, 4}, {4, 3}}) : pick(SHAPES);
            Tensor t = data(s).requiresGrad_();
            String n = "x" + i;
            leaves.put(n, t);
            pool.add(new V(n, t, new HashSet<>(Set.of(n))));
        }
        int steps = 4 + rng.nextInt(7);
        for (int i = 0; i < steps; i++) step();
        // loss: weighted sums of the newest value and one more, so permuted gradients cannot hide
        V last = pool.get(pool.size() - 1);
        V other = pool.get(rng.nextInt(pool.size()));
        String lossPy = weighted(last);
        Tensor loss = last.t.mul(constants.get(lastConstant())).sum();
        if (other != last) {
            lossPy += " + " + weighted(other);
            loss = loss.add(other.t.mul(constants.get(lastConstant())).sum());
        }
        emit("loss = " + lossPy);
        if (doubleBackward) {
            Set<String> reach = new HashSet<>(last.leaves);
            if (other != last) reach.addAll(other.leaves);
            String wrt = reach.stream().sorted().findFirst().orElse("x0");
            Tensor gw = Autograd.grad(List.of(loss), List.of(leaves.get(wrt)), null, true, true, false).get(0);
            Tensor w = constant(gw.shape());
            String c = lastConstant();
            emit("gl = torch.autograd.grad(loss, [" + wrt + "], create_graph=True)[0]");
            emit("loss = loss + (gl * gl * " + c + ").sum()");
            loss = loss.add(gw.mul(gw).mul(w).sum());
        }
        emit("loss.backward()");
        loss.backward();
        List<String> compared = new ArrayList<>();
        List<Tensor> grads = new ArrayList<>();
        for (var e : leaves.entrySet()) {
            compared.add(e.getKey() + ".grad");
            grads.add(e.getValue().grad());
        }
        for (String r : retained) {
            compared.add(r + ".grad");
            grads.add(retainedT.get(r).grad());
        }
        return new Graph(name, leaves, constants, py.toString(), compared, grads, null);
    }

    private String weighted(V v) {
        constant(v.shape());
        return "(" + v.name + " * " + lastConstant() + ").sum()";
    }

    private String lastConstant() { return "c" + (constants.size() - 1); }

    private Tensor constant(long[] shape) {
        Tensor t = data(shape);
        constants.put("c" + constants.size(), t);
        return t;
    }

    private Tensor data(long[] shape) {
        int n = 1;
        for (long s : shape) n *= (int) s;
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = (float) (rng.nextDouble() * 3 - 1.5);
        return Torch.tensor(d).reshape(shape);
    }

    private long[] pick(long[][] from) { return from[rng.nextInt(from.length)].clone(); }

    private void emit(String line) { py.append(line).append('\n'); }

    /** A pool value, biased towards recent ones so that chains get deep. */
    private V operand() {
        int n = pool.size();
        return rng.nextInt(3) == 0 ? pool.get(rng.nextInt(n)) : pool.get(Math.max(0, n - 1 - rng.nextInt(3)));
    }

    private V add(String pyExpr, Tensor t, Set<String> deps) {
        String n = "v" + counter++;
        emit(n + " = " + pyExpr);
        V v = new V(n, t, deps);
        pool.add(v);
        return v;
    }

    private void step() {
        int k = rng.nextInt(100);
        if (k < 30) unary();
        else if (k < 52) binary();
        else if (k < 70) view();
        else if (k < 84) reduction();
        else if (k < 93) inPlace();
        else mark();
    }

    // ------------------------------------------------------------------ op tables

    record U(String py, Function<Tensor, Tensor> java) {}

    static final List<U> UNARY = List.of(
        new U("%s.neg()", Tensor::neg), new U("%s.abs()", Tensor::abs),
        new U("%s.clamp(-3, 3).exp()", t -> t.clamp(-3.0, 3.0).exp()),
        new U("(%s.abs() + 0.5).log()", t -> t.abs().add(0.5).log()),
        new U("(%s.square() + 1).sqrt()", t -> t.square().add(1.0).sqrt()),
        new U("(%s.square() + 1).rsqrt()", t -> t.square().add(1.0).rsqrt()),
        new U("%s.sin()", Tensor::sin), new U("%s.cos()", Tensor::cos), new U("%s.tanh()", Tensor::tanh),
        new U("%s.sigmoid()", Tensor::sigmoid), new U("%s.relu()", Tensor::relu), new U("F.gelu(%s)", Tensor::gelu),
        new U("F.gelu(%s, approximate='tanh')", t -> t.gelu("tanh")), new U("F.silu(%s)", Tensor::silu),
        new U("F.softplus(%s)", Tensor::softplus), new U("F.softplus(%s, beta=2.0, threshold=1.0)", t -> t.softplus(2, 1)),
        new U("F.leaky_relu(%s, 0.1)", t -> t.leakyRelu(0.1)), new U("%s.erf()", Tensor::erf),
        new U("(%s.square() + 1).reciprocal()", t -> t.square().add(1.0).reciprocal()),
        new U("%s.square()", Tensor::square), new U("%s.tanh().expm1()", t -> t.tanh().expm1()),
        new U("%s.abs().log1p()", t -> t.abs().log1p()), new U("%s.clamp(-0.8, 0.6)", t -> t.clamp(-0.8, 0.6)),
        new U("%s.clamp(min=-0.2)", t -> t.clampMin(-0.2)),
        new U("(%s.abs() + 0.5).pow(1.7)", t -> t.abs().add(0.5).pow(1.7)), new U("%s.pow(3)", t -> t.pow(3L)),
        new U("%s * -0.7", t -> t.mul(-0.7)), new U("%s + 1.25", t -> t.add(1.25)), new U("1.5 - %s", t -> t.rsub(1.5)),
        new U("%s / 3.0", t -> t.div(3.0)), new U("%s.double().sin().float()", t -> t.to(DType.FLOAT64).sin().to(DType.FLOAT32)),
        new U("%s.clone()", Tensor::clone), new U("%s.sign() * %<s", t -> t.sign().mul(t)),
        new U("%s.nan_to_num()", Tensor::nanToNum));

    record B(String py, BinaryOperator<Tensor> java) {}

    static final List<B> BINARY = List.of(
        new B("%s + %s", Tensor::add), new B("%s - %s", Tensor::sub), new B("%s * %s", Tensor::mul),
        new B("%s / (%s.square() + 0.5)", (a, b) -> a.div(b.square().add(0.5))),
        new B("torch.maximum(%s, %s)", Tensor::maximum), new B("torch.minimum(%s, %s)", Tensor::minimum),
        new B("torch.atan2(%s, %s.square() + 0.5)", (a, b) -> a.atan2(b.square().add(0.5))),
        new B("(%s.abs() + 0.5).pow(%s.tanh())", (a, b) -> a.abs().add(0.5).pow(b.tanh())),
        new B("torch.add(%s, %s, alpha=0.5)", (a, b) -> a.add(b, 0.5)),
        new B("torch.where(%1$s > 0, %1$s, %2$s)", (a, b) -> Torch.where(a.gt(0.0), a, b)));

    private void unary() {
        V a = operand();
        U u = UNARY.get(rng.nextInt(UNARY.size()));
        add(String.format(u.py(), a.name), u.java().apply(a.t), new HashSet<>(a.leaves));
    }

    private void binary() {
        V a = operand();
        List<V> ok = new ArrayList<>();
        for (V b : pool) if (broadcasts(a.shape(), b.shape())) ok.add(b);
        V b = ok.get(rng.nextInt(ok.size()));
        Set<String> deps = union(a, b);
        if (rng.nextInt(8) == 0 && a.dim() >= 2) { // a Gram matrix: matmul, a transposed view, a shared operand
            add("torch.matmul(" + a.name + ", " + a.name + ".transpose(-2, -1))", a.t.matmul(a.t.transpose(-2, -1)),
                new HashSet<>(a.leaves));
            return;
        }
        if (rng.nextInt(6) == 0 && a.dim() >= 1 && b.dim() >= 1) {
            long[] as = a.shape(), bs = b.shape();
            if (bs.length <= 2 && as[as.length - 1] == bs[0]) {
                add("torch.matmul(" + a.name + ", " + b.name + ")", a.t.matmul(b.t), deps);
                return;
            }
        }
        if (rng.nextInt(8) == 0 && a.dim() >= 1 && b.dim() == a.dim()) {
            long[] as = a.shape(), bs = b.shape();
            boolean same = true;
            for (int d = 1; d < as.length; d++) same &= as[d] == bs[d];
            if (same) {
                if (Arrays.equals(as, bs) && rng.nextBoolean()) {
                    add("torch.stack([" + a.name + ", " + b.name + "], 1)", Torch.stack(List.of(a.t, b.t), 1), deps);
                } else {
                    add("torch.cat([" + a.name + ", " + b.name + "], 0)", Torch.cat(List.of(a.t, b.t), 0), deps);
                }
                return;
            }
        }
        B op = BINARY.get(rng.nextInt(BINARY.size()));
        boolean swap = rng.nextBoolean();
        V l = swap ? b : a, r = swap ? a : b;
        add(String.format(op.py(), l.name, r.name), op.java().apply(l.t, r.t), deps);
    }

    private void view() {
        V a = operand();
        long[] s = a.shape();
        int nd = s.length;
        List<Runnable> options = new ArrayList<>();
        Set<String> deps = a.leaves;
        if (nd >= 2) {
            options.add(() -> add(a.name + ".transpose(0, -1)", a.t.transpose(0, -1), deps));
            options.add(() -> add(a.name + ".diagonal(0, -2, -1)", a.t.diagonal(0, -2, -1), deps));
            options.add(() -> add(a.name + ".movedim(0, -1)", a.t.movedim(0, -1), deps));
            int[] perm = new int[nd];
            for (int i = 0; i < nd; i++) perm[i] = nd - 1 - i;
            options.add(() -> add(a.name + ".permute(" + join(perm) + ")", a.t.permute(perm), deps));
        }
        if (nd == 2) {
            options.add(() -> add(a.name + ".t()", a.t.t(), deps));
            options.add(() -> add(a.name + ".tril()", a.t.tril(), deps));
            options.add(() -> add(a.name + ".triu(1)", a.t.triu(1), deps));
        }
        options.add(() -> add(a.name + ".unsqueeze(0)", a.t.unsqueeze(0), deps));
        options.add(() -> add(a.name + ".reshape(-1)", a.t.reshape(-1), deps));
        if (nd >= 1) {
            int d = rng.nextInt(nd);
            long n = s[d];
            options.add(() -> add(a.name + ".flip(" + d + ")", a.t.flip(d), deps));
            options.add(() -> add(a.name + ".roll(1, " + d + ")", a.t.roll(1, d), deps));
            long[] reps = new long[nd];
            Arrays.fill(reps, 1);
            reps[d] = 2;
            options.add(() -> add(a.name + ".repeat(" + joinL(reps) + ")", a.t.repeat(reps), deps));
            if (n >= 2) {
                options.add(() -> add(a.name + ".narrow(" + d + ", 1, " + (n - 1) + ")", a.t.narrow(d, 1, n - 1), deps));
                options.add(() -> add(a.name + ".select(" + d + ", " + (n - 1) + ")", a.t.select(d, n - 1), deps));
                options.add(() -> add(a.name + "[..., ::2]", a.t.slice(-1, 0, Long.MAX_VALUE, 2), deps));
                options.add(() -> add(a.name + ".chunk(2, " + d + ")[0]", a.t.chunk(2, d).get(0), deps));
                options.add(() -> add(a.name + ".unbind(" + d + ")[-1]", a.t.unbind(d).get((int) n - 1), deps));
                options.add(() -> add(a.name + ".unfold(" + d + ", 2, 1)", a.t.unfold(d, 2, 1), deps));
                options.add(() -> add(a.name + ".index_select(" + d + ", torch.tensor([" + (n - 1) + ", 0, " + (n - 1) + "]))",
                    a.t.indexSelect(d, Torch.tensor(new long[] {n - 1, 0, n - 1})), deps));
                if (s[0] >= 2) {
                    options.add(() -> add(a.name + "[torch.tensor([1, 0, 1])]", a.t.get(Torch.tensor(new long[] {1, 0, 1})), deps));
                    options.add(() -> add(a.name + "[1:, ...]", a.t.get("1:, ..."), deps));
                }
            }
            for (int i = 0; i < nd; i++) {
                if (s[i] == 1) {
                    long[] e = s.clone();
                    e[i] = 3;
                    int one = i;
                    options.add(() -> add(a.name + ".expand(" + joinL(e) + ")", a.t.expand(e), deps));
                    options.add(() -> add(a.name + ".squeeze(" + one + ")", a.t.squeeze(one), deps));
                    break;
                }
            }
            options.add(() -> add(a.name + ".flatten()", a.t.flatten(), deps));
        }
        options.get(rng.nextInt(options.size())).run();
    }

    private void reduction() {
        V a = operand();
        int nd = a.dim();
        Set<String> deps = a.leaves;
        if (nd == 0) {
            add(a.name + ".sum()", a.t.sum(), deps);
            return;
        }
        int d = rng.nextInt(nd);
        long n = a.shape()[d];
        boolean keep = rng.nextBoolean();
        String kd = keep ? "True" : "False";
        List<Runnable> options = new ArrayList<>();
        options.add(() -> add(a.name + ".sum(" + d + ", keepdim=" + kd + ")", a.t.sum(d, keep), deps));
        options.add(() -> add(a.name + ".sum()", a.t.sum(), deps));
        options.add(() -> add(a.name + ".mean(" + d + ", keepdim=" + kd + ")", a.t.mean(d, keep), deps));
        options.add(() -> add(a.name + ".prod(" + d + ")", a.t.prod(d), deps));
        options.add(() -> add(a.name + ".amax(" + d + ")", a.t.amax(d), deps));
        options.add(() -> add(a.name + ".max(" + d + ")[0]", a.t.max(d).values(), deps));
        options.add(() -> add(a.name + ".min(" + d + ", keepdim=" + kd + ")[0]", a.t.min(d, keep).values(), deps));
        options.add(() -> add(a.name + ".max()", a.t.max(), deps));
        options.add(() -> add(a.name + ".logsumexp(" + d + ")", a.t.logsumexp(d), deps));
        options.add(() -> add(a.name + ".softmax(" + d + ")", a.t.softmax(d), deps));
        options.add(() -> add(a.name + ".log_softmax(" + d + ")", a.t.logSoftmax(d), deps));
        options.add(() -> add(a.name + ".cumsum(" + d + ")", a.t.cumsum(d), deps));
        options.add(() -> add(a.name + ".cumprod(" + d + ")", a.t.cumprod(d), deps));
        options.add(() -> add(a.name + ".norm(2, " + d + ")", a.t.norm(2, d), deps));
        options.add(() -> add(a.name + ".norm()", a.t.norm(), deps));
        options.add(() -> add(a.name + ".sort(" + d + ")[0]", a.t.sort(d).values(), deps));
        if (n >= 2) {
            options.add(() -> add(a.name + ".var(" + d + ")", a.t.var(d), deps));
            options.add(() -> add(a.name + ".std(" + d + ", keepdim=" + kd + ")", a.t.std(d, true, keep), deps));
            options.add(() -> add(a.name + ".topk(2, " + d + ")[0]", a.t.topk(2, d).values(), deps));
        }
        options.get(rng.nextInt(options.size())).run();
    }

    /** In-place updates of a fresh non-leaf (so no other node saved it), directly or through a view of it. */
    private void inPlace() {
        V a = operand();
        V b = operand();
        String n = "v" + counter++;
        Tensor t = a.t.mul(1.0);
        emit(n + " = " + a.name + " * 1.0");
        long[] s = t.shape();
        int kind = rng.nextInt(9);
        String bs = b.name + ".sum()";
        Tensor bsum = b.t.sum();
        switch (kind) {
            case 0 -> { emit(n + ".add_(" + bs + ")"); t.add_(bsum); }
            case 1 -> { emit(n + ".mul_(" + bs + ")"); t.mul_(bsum); }
            case 2 -> { emit(n + ".sigmoid_()"); t.sigmoid_(); }
            case 3 -> { emit(n + ".mul_(2.0).tanh_()"); t.mul_(2.0).tanh_(); }
            case 4 -> { emit(n + ".clamp_(-0.5, 0.5)"); t.clamp_(-0.5, 0.5); }
            case 5 -> {
                if (s.length >= 1 && s[0] >= 2) {
                    emit(n + ".narrow(0, 1, " + (s[0] - 1) + ").mul_(" + bs + ")");
                    t.narrow(0, 1, s[0] - 1).mul_(bsum);
                } else { emit(n + ".sub_(" + bs + ")"); t.sub_(bsum); }
            }
            case 6 -> {
                if (s.length >= 1) {
                    emit(n + ".select(-1, 0).copy_(" + bs + ")");
                    t.select(-1, 0).copy_(bsum);
                } else { emit(n + ".copy_(" + bs + ")"); t.copy_(bsum); }
            }
            case 7 -> {
                if (s.length >= 2) {
                    emit(n + ".transpose(0, 1).sin_()");
                    t.transpose(0, 1).sin_();
                } else { emit(n + ".sin_()"); t.sin_(); }
            }
            case 8 -> {
                if (s.length >= 1 && s[s.length - 1] >= 2) {
                    emit(n + "[..., ::2].div_(" + b.name + ".square().sum() + 1)");
                    t.slice(-1, 0, Long.MAX_VALUE, 2).div_(b.t.square().sum().add(1.0));
                } else { emit(n + ".div_(2.0)"); t.div_(2.0); }
            }
            default -> throw new IllegalStateException();
        }
        // the leaves it depends on: b's only where b is used; a's unless the copy replaced every element
        boolean usesB = kind == 0 || kind == 1 || kind == 5 || kind == 6 || (kind == 8 && s.length >= 1 && s[s.length - 1] >= 2);
        Set<String> deps = kind == 6 && s.length == 0 ? new HashSet<>(b.leaves) : usesB ? union(a, b) : new HashSet<>(a.leaves);
        pool.add(new V(n, t, deps));
    }

    /** retain_grad on an intermediate, or a hook that scales a gradient. */
    private void mark() {
        V a = operand();
        int k = rng.nextInt(3);
        if (k == 0 && !leaves.containsKey(a.name) && a.t.requiresGrad() && !retained.contains(a.name)) {
            emit(a.name + ".retain_grad()");
            a.t.retainGrad();
            retained.add(a.name);
            retainedT.put(a.name, a.t);
        } else if (a.t.requiresGrad()) {
            double f = k == 1 ? 2.0 : -0.5;
            emit(a.name + ".register_hook(lambda g: g * " + f + ")");
            a.t.registerHook(g -> g.mul(f));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static boolean broadcasts(long[] a, long[] b) {
        for (int i = 1; i <= Math.min(a.length, b.length); i++) {
            long x = a[a.length - i], y = b[b.length - i];
            if (x != y && x != 1 && y != 1) return false;
        }
        return true;
    }

    private static Set<String> union(V a, V b) {
        Set<String> s = new HashSet<>(a.leaves);
        s.addAll(b.leaves);
        return s;
    }

    private static String join(int[] v) {
        StringBuilder sb = new StringBuilder();
        for (int x : v) sb.append(sb.isEmpty() ? "" : ", ").append(x);
        return sb.toString();
    }

    private static String joinL(long[] v) {
        StringBuilder sb = new StringBuilder();
        for (long x : v) sb.append(sb.isEmpty() ? "" : ", ").append(x);
        return sb.toString();
    }
}
