package org.tensorshell;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.tensorshell.core.Shapes;
import org.tensorshell.core.TensorError;

/**
 * {@code torch.autograd.gradcheck} and {@code gradgradcheck}: the Jacobian that backward computes is
 * compared with central finite differences {@code (f(x + eps e_j) - f(x - eps e_j)) / 2 eps}, element by
 * element, with {@code |analytical - numerical| <= atol + rtol |numerical|}. Use float64 inputs: in
 * float32 the finite differences alone are off by more than the tolerance.
 */
public final class GradCheck {
    private GradCheck() {}

    /** Tolerances and behaviour; the defaults are PyTorch's. */
    public record Options(double eps, double atol, double rtol, boolean raiseException) {
        public static final Options DEFAULT = new Options(1e-6, 1e-5, 1e-3, true);

        public Options withRaise(boolean raise) { return new Options(eps, atol, rtol, raise); }

        public Options withTolerance(double atol, double rtol) { return new Options(eps, atol, rtol, raiseException); }
    }

    // ------------------------------------------------------------------ first order

    /** Checks the gradient of a function with one tensor output; throws TensorError with a report on mismatch. */
    public static boolean gradcheck(Function<List<Tensor>, Tensor> fn, Tensor... inputs) {
        return gradcheck(fn, List.of(inputs), Options.DEFAULT);
    }

    public static boolean gradcheck(Function<List<Tensor>, Tensor> fn, List<Tensor> inputs, Options opt) {
        return check("gradcheck", x -> List.of(fn.apply(x)), inputs, inputs.size(), opt);
    }

    /** As {@link #gradcheck} for a function with several outputs (e.g. split, chunk). */
    public static boolean gradcheckOutputs(Function<List<Tensor>, List<Tensor>> fn, List<Tensor> inputs, Options opt) {
        return check("gradcheck", fn, inputs, inputs.size(), opt);
    }

    // ------------------------------------------------------------------ second order

    /**
     * Checks second derivatives: the function {@code (x, v) -> grad(f(x), x, gradOutputs = v, createGraph)} is
     * itself gradchecked, with {@code v} a fixed random tensor per output that also requires grad. In a report,
     * output k is the gradient of the k-th input that requires grad, and "gradOutput j" is the v of output j.
     */
    public static boolean gradgradcheck(Function<List<Tensor>, Tensor> fn, Tensor... inputs) {
        return gradgradcheck(fn, List.of(inputs), Options.DEFAULT);
    }

    public static boolean gradgradcheck(Function<List<Tensor>, Tensor> fn, List<Tensor> inputs, Options opt) {
        return gradgradcheckOutputs(x -> List.of(fn.apply(x)), inputs, opt);
    }

    public static boolean gradgradcheckOutputs(Function<List<Tensor>, List<Tensor>> fn, List<Tensor> inputs, Options opt) {
        List<Tensor> outs;
        try (GradMode g = GradMode.scope(false)) {
            outs = fn.apply(inputs);
        }
        Random rng = new Random(0x5eed);
        List<Tensor> all = new ArrayList<>(inputs);
        for (Tensor o : outs) {
            double[] v = new double[(int) o.numel()];
            for (int i = 0; i < v.length; i++) v[i] = rng.nextGaussian();
            all.add(Torch.tensor(v, DType.FLOAT64).to(o.dtype()).reshape(o.shape()).requiresGrad_());
        }
        int n = inputs.size();
        Function<List<Tensor>, List<Tensor>> gradFn = args -> {
            List<Tensor> xs = args.subList(0, n);
            List<Tensor> ys = fn.apply(xs);
            List<Tensor> roots = new ArrayList<>(), weights = new ArrayList<>();
            for (int i = 0; i < ys.size(); i++) {
                if (ys.get(i).requiresGrad()) {
                    roots.add(ys.get(i));
                    weights.add(args.get(n + i));
                } else if (ys.get(i).isFloatingPoint()) {
                    // as torch.autograd.grad would: a floating output cut from the graph is a missing backward
                    throw new TensorError("gradgradcheck: output " + i + " does not require grad and has no grad_fn "
                        + "(the op did not record a node)");
                }
            }
            List<Tensor> diff = new ArrayList<>();
            for (Tensor x : xs) if (x.requiresGrad()) diff.add(x);
            List<Tensor> result = new ArrayList<>();
            if (roots.isEmpty()) {
                for (Tensor x : diff) result.add(Torch.zerosLike(x));
                return result;
            }
            List<Tensor> gs = Autograd.grad(roots, diff, weights, true, true, true);
            for (int i = 0; i < diff.size(); i++) result.add(gs.get(i) == null ? Torch.zerosLike(diff.get(i)) : gs.get(i));
            return result;
        };
        return check("gradgradcheck", gradFn, all, n, opt);
    }

    // ------------------------------------------------------------------ the comparison

    /** Inputs from {@code named} on are the gradOutputs that gradgradcheck appends. */
    private static boolean check(String what, Function<List<Tensor>, List<Tensor>> fn, List<Tensor> inputs, int named,
                                 Options opt) {
        for (int i = 0; i < inputs.size(); i++) {
            Tensor x = inputs.get(i);
            if (x.requiresGrad() && !x.isLeaf()) {
                throw new TensorError(what + ": input " + i + " is not a leaf; pass leaves created with requiresGrad_()");
            }
        }
        List<Tensor> outs = fn.apply(inputs);
        boolean any = false;
        for (Tensor x : inputs) any |= x.requiresGrad();
        if (!any) throw new TensorError(what + ": none of the inputs requires grad; call requiresGrad_() on the ones to check");
        Mismatch worst = null;
        int bad = 0, total = 0;
        for (int i = 0; i < inputs.size(); i++) {
            Tensor x = inputs.get(i);
            if (!x.requiresGrad()) continue;
            double[][][] num = numerical(fn, inputs, x, opt.eps());
            for (int o = 0; o < outs.size(); o++) {
                double[][] ana = analytical(outs.get(o), x, i);
                for (int r = 0; r < ana.length; r++) {
                    for (int c = 0; c < ana[r].length; c++) {
                        total++;
                        double n = num[r][o][c], a = ana[r][c];
                        double excess = Math.abs(a - n) - (opt.atol() + opt.rtol() * Math.abs(n));
                        if (excess > 0 || Double.isNaN(a) != Double.isNaN(n)) {
                            bad++;
                            if (worst == null || excess > worst.excess || Double.isNaN(excess)) {
                                worst = new Mismatch(o, i, r, c, n, a, Double.isNaN(excess) ? Double.POSITIVE_INFINITY : excess);
                            }
                        }
                    }
                }
            }
        }
        if (worst == null) return true;
        if (!opt.raiseException()) return false;
        Tensor x = inputs.get(worst.input);
        Tensor y = outs.get(worst.output);
        throw new TensorError(String.format(
            "%s: Jacobian mismatch for output %d with respect to %s (%d of %d entries out of tolerance "
                + "atol=%g rtol=%g). Worst: d output%s / d input%s: numerical %.10g, analytical %.10g, difference %.3g",
            what, worst.output, worst.input < named ? "input " + worst.input : "gradOutput " + (worst.input - named),
            bad, total, opt.atol(), opt.rtol(),
            index(y.shape, worst.outElem), index(x.shape, worst.inElem), worst.numerical, worst.analytical,
            Math.abs(worst.analytical - worst.numerical)));
    }

    private record Mismatch(int output, int input, int inElem, int outElem, double numerical, double analytical,
                            double excess) {}

    /** num[j][o][k] = d output_o[k] / d x[j] by central differences. */
    private static double[][][] numerical(Function<List<Tensor>, List<Tensor>> fn, List<Tensor> inputs, Tensor x,
                                          double eps) {
        int n = (int) x.numel();
        double[][][] jac = new double[n][][];
        for (int j = 0; j < n; j++) {
            int pos = x.storageIndex(j);
            double orig = x.storage.getDouble(pos);
            // written straight to storage: no version bump, no autograd, works for non-contiguous leaves
            x.storage.setDouble(pos, orig + eps);
            double[][] plus = eval(fn, inputs);
            x.storage.setDouble(pos, orig - eps);
            double[][] minus = eval(fn, inputs);
            x.storage.setDouble(pos, orig);
            jac[j] = new double[plus.length][];
            for (int o = 0; o < plus.length; o++) {
                double[] col = new double[plus[o].length];
                for (int k = 0; k < col.length; k++) col[k] = (plus[o][k] - minus[o][k]) / (2 * eps);
                jac[j][o] = col;
            }
        }
        return jac;
    }

    private static double[][] eval(Function<List<Tensor>, List<Tensor>> fn, List<Tensor> inputs) {
        List<Tensor> ys = fn.apply(inputs);
        double[][] r = new double[ys.size()][];
        try (GradMode g = GradMode.scope(false)) {
            for (int o = 0; o < r.length; o++) r[o] = ys.get(o).detach().toDoubleArray();
        }
        return r;
    }

    /** Row k of the output, by backward with a one-hot gradient: ana[j][k] = d y_k / d x_j. */
    private static double[][] analytical(Tensor y, Tensor x, int i) {
        int n = (int) x.numel(), m = (int) y.numel();
        double[][] jac = new double[n][m];
        if (!y.requiresGrad()) return jac;
        for (int k = 0; k < m; k++) {
            Tensor onehot = Torch.zeros(y.shape(), y.dtype());
            onehot.storage.setDouble(onehot.storageIndex(k), 1.0);
            Tensor g = Autograd.grad(List.of(y), List.of(x), List.of(onehot), true, false, true).get(0);
            if (g == null) continue;
            if (!Arrays.equals(g.shape, x.shape)) {
                throw new TensorError("gradcheck: the gradient of input " + i + " has shape " + Shapes.str(g.shape)
                    + " but the input has shape " + Shapes.str(x.shape));
            }
            if (g.dtype() != x.dtype()) {
                throw new TensorError("gradcheck: the gradient of input " + i + " has dtype " + g.dtype()
                    + " but the input has dtype " + x.dtype());
            }
            double[] gv = g.toDoubleArray();
            for (int j = 0; j < n; j++) jac[j][k] = gv[j];
        }
        return jac;
    }

    private static String index(int[] shape, int flat) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return Arrays.toString(idx);
    }
}
