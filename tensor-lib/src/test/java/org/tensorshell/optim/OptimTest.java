package org.tensorshell.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.tensorshell.DType;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.TensorError;
import org.tensorshell.nn.utils.ClipGrad;

/**
 * 20 steps of every optimizer (and option) on a small least-squares model, compared with PyTorch 1.13's
 * trajectories from src/test/python/optim_reference.py to 1e-4 relative, through the fused float32 path,
 * the float64 op-sequence path and a non-contiguous parameter; schedulers for 30 steps; gradient clipping.
 */
class OptimTest {
    static final Map<String, Function<List<Tensor>, Optimizer>> CASES = new LinkedHashMap<>();

    static {
        CASES.put("sgd", p -> new SGD(p, 0.1));
        CASES.put("sgd_momentum", p -> new SGD(p, SGD.options().lr(0.05).momentum(0.9)));
        CASES.put("sgd_dampening_wd", p -> new SGD(p, SGD.options().lr(0.05).momentum(0.9).dampening(0.3).weightDecay(0.01)));
        CASES.put("sgd_nesterov", p -> new SGD(p, SGD.options().lr(0.05).momentum(0.9).nesterov(true).weightDecay(0.1)));
        CASES.put("sgd_maximize", p -> new SGD(p, SGD.options().lr(0.01).momentum(0.5).maximize(true)));
        CASES.put("adam", p -> new Adam(p, Adam.options().lr(0.01)));
        CASES.put("adam_default", p -> new Adam(p));
        CASES.put("adam_wd_amsgrad", p -> new Adam(p, Adam.options().lr(0.01).weightDecay(0.1).amsgrad(true)));
        CASES.put("adam_maximize", p -> new Adam(p, Adam.options().lr(0.01).betas(0.8, 0.99).eps(1e-6).maximize(true)));
        CASES.put("adamw", p -> new AdamW(p, AdamW.options().lr(0.01)));
        CASES.put("adamw_amsgrad", p -> new AdamW(p, AdamW.options().lr(0.01).weightDecay(0.1).amsgrad(true)));
        CASES.put("rmsprop", p -> new RMSprop(p, RMSprop.options().lr(0.01)));
        CASES.put("rmsprop_centered_momentum",
            p -> new RMSprop(p, RMSprop.options().lr(0.01).momentum(0.9).centered(true).weightDecay(0.01)));
        CASES.put("rmsprop_maximize", p -> new RMSprop(p, RMSprop.options().lr(0.001).alpha(0.9).maximize(true).momentum(0.5)));
        CASES.put("rmsprop_centered", p -> new RMSprop(p, RMSprop.options().lr(0.01).centered(true)));
        CASES.put("adagrad", p -> new Adagrad(p, Adagrad.options().lr(0.1)));
        CASES.put("adagrad_opts", p -> new Adagrad(p,
            Adagrad.options().lr(0.1).lrDecay(0.01).weightDecay(0.1).initialAccumulatorValue(0.5).eps(1e-8)));
        CASES.put("adagrad_maximize", p -> new Adagrad(p, Adagrad.options().lr(0.05).maximize(true)));
        CASES.put("groups_adam", p -> new Adam(List.of(new ParamGroup(List.of(p.get(0))),
            new ParamGroup(List.of(p.get(1)), Adam.options().lr(0.05).betas(0.5, 0.9))), Adam.options().lr(0.01)));
        CASES.put("groups_sgd", p -> new SGD(List.of(new ParamGroup(List.of(p.get(0)), SGD.options().momentum(0.5)),
            new ParamGroup(List.of(p.get(1)), SGD.options().lr(0.2))), SGD.options().lr(0.1)));
    }

    static void requireTorch() {
        String why = TorchReference.unavailable();
        Assumptions.assumeTrue(why == null, () -> "PyTorch reference unavailable: " + why);
    }

    /** The model's tensors: x [5,3], y [5,4], w [3,4], b [4]. */
    static Tensor ref(String key, DType dt, long... shape) {
        return Torch.tensor(TorchReference.get(key)).to(dt).reshape(shape);
    }

    static Tensor loss(Tensor x, Tensor y, Tensor w, Tensor b) {
        return x.matmul(w).add(b).sub(y).pow(2).mean();
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double tol = 1e-4 * Math.abs(expected[i]) + 1e-6;
            if (!(Math.abs(expected[i] - actual[i]) <= tol)) {
                throw new AssertionError(what + "[" + i + "]: expected " + expected[i] + " (PyTorch) but got " + actual[i]);
            }
        }
    }

    /** Runs 20 steps; variant "f32" (fused path), "f64" (op-sequence path), "strided" (w is a transposed view). */
    static void runCase(String name, String variant) {
        DType dt = variant.equals("f64") ? DType.FLOAT64 : DType.FLOAT32;
        Tensor x = ref("data.x", dt, 5, 3), y = ref("data.y", dt, 5, 4);
        Tensor w = variant.equals("strided") ? ref("data.w", dt, 3, 4).t().contiguous().t() : ref("data.w", dt, 3, 4);
        Tensor b = ref("data.b", dt, 4);
        if (variant.equals("strided")) assertTrue(!w.isContiguous());
        w.requiresGrad_(true);
        b.requiresGrad_(true);
        Optimizer opt = CASES.get(name).apply(List.of(w, b));
        for (int step = 0; step < 20; step++) {
            opt.zeroGrad();
            loss(x, y, w, b).backward();
            opt.step();
            String k = "optim." + name + "." + step;
            assertClose(TorchReference.get(k + ".w"), w.detach().contiguous().toDoubleArray(), name + "/" + variant + " step " + step + " w");
            assertClose(TorchReference.get(k + ".b"), b.detach().toDoubleArray(), name + "/" + variant + " step " + step + " b");
        }
    }

    @TestFactory
    Stream<DynamicTest> optimizersMatchPyTorch() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : CASES.keySet()) {
            for (String variant : List.of("f32", "f64", "strided")) {
                tests.add(DynamicTest.dynamicTest(name + "/" + variant, () -> {
                    requireTorch();
                    runCase(name, variant);
                }));
            }
        }
        return tests.stream();
    }

    /** Large (off-heap) float32 parameters take the Vector API paths; they must agree with the float64 op sequence. */
    @Test
    void fusedPathsAgreeWithOpSequence() {
        for (String name : CASES.keySet()) {
            if (name.startsWith("groups")) continue;
            Torch.manualSeed(11);
            Tensor p32 = Torch.randn(20003).requiresGrad_(true);
            Tensor q32 = Torch.randn(3, 7).requiresGrad_(true);
            Tensor p64 = p32.detach().to(DType.FLOAT64).requiresGrad_(true);
            Tensor q64 = q32.detach().to(DType.FLOAT64).requiresGrad_(true);
            Optimizer o32 = CASES.get(name).apply(List.of(p32, q32)), o64 = CASES.get(name).apply(List.of(p64, q64));
            for (int k = 0; k < 5; k++) {
                Tensor g = p32.detach().mul(1.5).add(0.3 * k).sin(), h = q32.detach().cos();
                p32.setGrad(g);
                q32.setGrad(h);
                p64.setGrad(g.to(DType.FLOAT64));
                q64.setGrad(h.to(DType.FLOAT64));
                o32.step();
                o64.step();
            }
            assertClose(p64.detach().toDoubleArray(), p32.detach().toDoubleArray(), name + " large param");
            assertClose(q64.detach().toDoubleArray(), q32.detach().toDoubleArray(), name + " small param");
        }
    }

    // ---------------------------------------------------------------- schedulers

    static double plateauMetric(int i) { return Math.max(0.5, 1 - 0.05 * i) + 0.01 * (i % 3); }

    interface SchedulerStep { void step(int i); }

    static void checkSchedule(String name, Optimizer opt, SchedulerStep step, Function<Optimizer, Double> extra) {
        requireTorch();
        List<Double> lrs = new ArrayList<>(), ex = new ArrayList<>();
        lrs.add(opt.paramGroups().get(0).lr());
        if (extra != null) ex.add(extra.apply(opt));
        for (int i = 0; i < 30; i++) {
            opt.step();
            step.step(i);
            lrs.add(opt.paramGroups().get(0).lr());
            if (extra != null) ex.add(extra.apply(opt));
        }
        double[] expected = TorchReference.get("sched." + name + ".lr");
        double[] actual = lrs.stream().mapToDouble(Double::doubleValue).toArray();
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], 1e-12 * Math.abs(expected[i]) + 1e-15, name + " lr at " + i);
        if (extra != null) {
            double[] e = TorchReference.get("sched." + name + ".extra");
            for (int i = 0; i < e.length; i++) assertEquals(e[i], ex.get(i), 1e-12, name + " momentum at " + i);
        }
    }

    static Optimizer sgd(double lr) { return new SGD(List.of(Torch.zeros(2).requiresGrad_(true)), lr); }

    @Test
    void stepLR() {
        Optimizer o = sgd(0.1);
        StepLR s = new StepLR(o, 7, 0.5);
        checkSchedule("step", o, i -> s.step(), null);
        assertEquals(List.of(0.00625), s.getLastLr());
    }

    @Test
    void multiStepLR() {
        Optimizer o = sgd(0.1);
        var s = new MultiStepLR(o, new int[] {5, 12, 12, 20}, 0.3);
        checkSchedule("multistep", o, i -> s.step(), null);
    }

    @Test
    void exponentialLR() {
        Optimizer o = sgd(0.1);
        var s = new ExponentialLR(o, 0.9);
        checkSchedule("exp", o, i -> s.step(), null);
    }

    @Test
    void cosineAnnealingLR() {
        Optimizer o = sgd(0.1);
        var s = new CosineAnnealingLR(o, 10, 0.001);
        checkSchedule("cos", o, i -> s.step(), null);
    }

    @Test
    void linearLR() {
        Optimizer o = sgd(0.1);
        var s = new LinearLR(o, 0.25, 1.0, 8);
        checkSchedule("linear", o, i -> s.step(), null);
        Optimizer o2 = sgd(0.1);
        var s2 = new LinearLR(o2);
        checkSchedule("linear_default", o2, i -> s2.step(), null);
    }

    @Test
    void oneCycleLR() {
        Optimizer o = new SGD(List.of(Torch.zeros(2).requiresGrad_(true)), SGD.options().lr(0.1).momentum(0.9));
        var s = new OneCycleLR(o, 1.0, 30);
        checkSchedule("onecycle", o, i -> s.step(), op -> op.paramGroups().get(0).getDouble("momentum"));
        assertThrows(TensorError.class, s::step);
        Optimizer a = new Adam(List.of(Torch.zeros(2).requiresGrad_(true)), Adam.options().lr(0.1));
        var s3 = new OneCycleLR(a, 0.01, 40, OneCycleLR.options().threePhase(true).annealStrategy("linear")
            .divFactor(10).finalDivFactor(100).pctStart(0.25));
        checkSchedule("onecycle3", a, i -> s3.step(), op -> op.paramGroups().get(0).getDoubles("betas")[0]);
    }

    @Test
    void reduceLROnPlateau() {
        Optimizer o = sgd(0.1);
        var s = new ReduceLROnPlateau(o, ReduceLROnPlateau.options().mode("min").factor(0.5).patience(2).threshold(0.01)
            .cooldown(1).minLr(0.002));
        checkSchedule("plateau", o, i -> s.step(plateauMetric(i)), null);
        Optimizer o2 = sgd(0.1);
        var s2 = new ReduceLROnPlateau(o2, ReduceLROnPlateau.options().mode("max").factor(0.3).patience(1).threshold(0.02)
            .thresholdMode("abs"));
        checkSchedule("plateau_max_abs", o2, i -> s2.step(plateauMetric(i)), null);
    }

    @Test
    void schedulerStateDictResumes() {
        Optimizer a = sgd(0.1), b = sgd(0.1);
        var sa = new CosineAnnealingLR(a, 10, 0.001);
        for (int i = 0; i < 7; i++) sa.step();
        var sb = new CosineAnnealingLR(b, 10, 0.001);
        sb.loadStateDict(sa.stateDict());
        b.paramGroups().get(0).setLr(a.paramGroups().get(0).lr());
        for (int i = 0; i < 10; i++) {
            sa.step();
            sb.step();
            assertEquals(sa.getLastLr(), sb.getLastLr());
        }
        var pa = new ReduceLROnPlateau(a, ReduceLROnPlateau.options().patience(1));
        for (int i = 0; i < 4; i++) pa.step(1.0);
        var pb = new ReduceLROnPlateau(b, ReduceLROnPlateau.options().patience(1));
        pb.loadStateDict(pa.stateDict());
        assertEquals(pa.stateDict(), pb.stateDict());
    }

    @Test
    void printsLikePyTorch() {
        Adam opt = new Adam(params(7), Adam.options().weightDecay(0.5));
        assertEquals("Adam (\nParameter Group 0\n    amsgrad: False\n    betas: (0.9, 0.999)\n    eps: 1.0E-8\n"
            + "    lr: 0.001\n    maximize: False\n    weight_decay: 0.5\n)", opt.toString());
    }

    // ---------------------------------------------------------------- clipping

    @Test
    void clipGradMatchesPyTorch() {
        requireTorch();
        record Clip(String name, Function<List<Tensor>, Tensor> fn) {}
        List<Clip> clips = List.of(
            new Clip("norm2", ps -> ClipGrad.clipGradNorm_(ps, 0.5)),
            new Clip("norm_inf", ps -> ClipGrad.clipGradNorm_(ps, 0.3, Double.POSITIVE_INFINITY)),
            new Clip("norm1_noclip", ps -> ClipGrad.clipGradNorm_(ps, 100.0, 1.0)),
            new Clip("norm3", ps -> ClipGrad.clipGradNorm_(ps, 0.2, 3.0)),
            new Clip("value", ps -> { ClipGrad.clipGradValue_(ps, 0.05); return null; }));
        for (Clip c : clips) {
            Tensor x = ref("data.x", DType.FLOAT32, 5, 3), y = ref("data.y", DType.FLOAT32, 5, 4);
            Tensor w = ref("data.w", DType.FLOAT32, 3, 4).requiresGrad_(true), b = ref("data.b", DType.FLOAT32, 4).requiresGrad_(true);
            loss(x, y, w, b).backward();
            Tensor total = c.fn().apply(List.of(w, b));
            if (total != null) assertClose(TorchReference.get("clip." + c.name() + ".total"), new double[] {total.item()}, c.name());
            assertClose(TorchReference.get("clip." + c.name() + ".w"), w.grad().toDoubleArray(), c.name() + " w.grad");
            assertClose(TorchReference.get("clip." + c.name() + ".b"), b.grad().toDoubleArray(), c.name() + " b.grad");
        }
    }

    @Test
    void clipGradWithoutGradients() {
        Tensor p = Torch.zeros(3).requiresGrad_(true);
        assertEquals(0.0, ClipGrad.clipGradNorm_(List.of(p), 1.0).item());
        ClipGrad.clipGradValue_(List.of(p), 1.0);
        p.setGrad(Torch.tensor(new float[] {Float.NaN, 1, 2}));
        assertThrows(TensorError.class, () -> ClipGrad.clipGradNorm_(List.of(p), 1.0, 2.0, true));
    }

    // ---------------------------------------------------------------- state dicts, API rules

    static List<Tensor> params(long seed) {
        Torch.manualSeed(seed);
        return List.of(Torch.randn(6, 5).requiresGrad_(true), Torch.randn(5).requiresGrad_(true));
    }

    static void fakeStep(Optimizer opt, List<Tensor> ps, int k) {
        for (Tensor p : ps) p.setGrad(p.detach().mul(p.detach()).add(0.1 * k).sin());
        opt.step();
    }

    @Test
    void stateDictRoundTrip() {
        for (String name : List.of("sgd_momentum", "adam_wd_amsgrad", "adamw", "rmsprop_centered_momentum", "adagrad_opts")) {
            List<Tensor> a = params(3), b = params(3);
            Optimizer oa = CASES.get(name).apply(a);
            for (int k = 0; k < 5; k++) fakeStep(oa, a, k);
            StateDict sd = oa.stateDict();
            // through the flat form a checkpoint file stores
            StateDict flat = StateDict.fromFlat(sd.tensors(), sd.paramGroupsJson());
            for (int i = 0; i < a.size(); i++) b.get(i).detach().copy_(a.get(i).detach());
            Optimizer ob = CASES.get(name).apply(b);
            ob.loadStateDict(flat);
            assertEquals(oa.paramGroups().get(0).lr(), ob.paramGroups().get(0).lr(), name + ": lr");
            for (int k = 5; k < 10; k++) {
                fakeStep(oa, a, k);
                fakeStep(ob, b, k);
            }
            for (int i = 0; i < a.size(); i++) {
                assertClose(a.get(i).detach().toDoubleArray(), b.get(i).detach().toDoubleArray(), name + " param " + i);
            }
            assertTrue(oa.stateDict().tensors().keySet().equals(ob.stateDict().tensors().keySet()));
        }
    }

    @Test
    void stateDictLayoutLikePyTorch() {
        List<Tensor> a = params(1);
        Adam opt = new Adam(a);
        fakeStep(opt, a, 0);
        StateDict sd = opt.stateDict();
        assertEquals(List.of("state.0.step", "state.0.exp_avg", "state.0.exp_avg_sq", "state.1.step", "state.1.exp_avg",
            "state.1.exp_avg_sq"), new ArrayList<>(sd.tensors().keySet()));
        assertEquals("[{\"lr\": 0.001, \"betas\": [0.9, 0.999], \"eps\": 1.0E-8, \"weight_decay\": 0.0, \"amsgrad\": false, "
            + "\"maximize\": false, \"params\": [0, 1]}]", sd.paramGroupsJson());
        assertEquals(1.0, ((Tensor) sd.state().get(0).get("step")).item());
        Adam other = new Adam(List.of(Torch.zeros(2).requiresGrad_(true)));
        assertThrows(TensorError.class, () -> other.loadStateDict(sd));
    }

    @Test
    void zeroGradAndSkipping() {
        List<Tensor> ps = params(2);
        Tensor frozen = ps.get(1);
        double[] before = frozen.detach().toDoubleArray();
        Adam opt = new Adam(ps);
        ps.get(0).setGrad(Torch.onesLike(ps.get(0)));
        opt.step(); // the second parameter has no grad: untouched, no state
        assertTrue(opt.state(frozen).isEmpty());
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(frozen.detach().toDoubleArray()));
        Tensor g = ps.get(0).grad();
        opt.zeroGrad();
        assertTrue(g == ps.get(0).grad(), "zeroGrad() zeroes in place (PyTorch 1.13 default)");
        assertEquals(0.0, g.abs().sum().item());
        opt.zeroGrad(true);
        assertTrue(ps.get(0).grad() == null);
    }

    @Test
    void errorsNameTheProblem() {
        List<Tensor> ps = params(4);
        var e = assertThrows(TensorError.class, () -> new SGD(ps, SGD.options().momentum(0.9)));
        assertTrue(e.getMessage().contains("required optimization parameter lr"), e.getMessage());
        e = assertThrows(TensorError.class, () -> new SGD(ps, SGD.options().lr(0.1).nesterov(true)));
        assertTrue(e.getMessage().contains("Nesterov momentum requires a momentum and zero dampening"), e.getMessage());
        e = assertThrows(TensorError.class, () -> new Adam(ps, Adam.options().lr(-1)));
        assertTrue(e.getMessage().contains("Invalid learning rate: -1.0"), e.getMessage());
        e = assertThrows(TensorError.class, () -> new Adam(ps, Adam.options().betas(1.0, 0.999)));
        assertTrue(e.getMessage().contains("Invalid beta parameter at index 0"), e.getMessage());
        e = assertThrows(TensorError.class, () -> new Adam(List.of(new ParamGroup(ps), new ParamGroup(List.of(ps.get(0)))),
            Adam.options()));
        assertTrue(e.getMessage().contains("more than one parameter group"), e.getMessage());
        Tensor nonLeaf = ps.get(0).mul(2);
        e = assertThrows(TensorError.class, () -> new Adam(List.of(nonLeaf)));
        assertTrue(e.getMessage().contains("non-leaf"), e.getMessage());
        e = assertThrows(TensorError.class, () -> new Adam(List.of()));
        assertTrue(e.getMessage().contains("empty parameter list"), e.getMessage());
    }

    @Test
    void adamWOptionsKeepAdamWDefaults() {
        List<Tensor> ps = params(5);
        assertEquals(0.01, new AdamW(ps, Adam.options().lr(0.1)).paramGroups().get(0).getDouble("weight_decay"));
        assertEquals(0.0, new Adam(ps, AdamW.options().lr(0.1)).paramGroups().get(0).getDouble("weight_decay"));
    }

    @Test
    void addParamGroupTakesDefaults() {
        List<Tensor> ps = params(6);
        Adam opt = new Adam(List.of(ps.get(0)), Adam.options().lr(0.5));
        opt.addParamGroup(new ParamGroup(List.of(ps.get(1)), Adam.options().eps(1e-3)));
        assertEquals(0.5, opt.paramGroups().get(1).lr());
        assertEquals(1e-3, opt.paramGroups().get(1).getDouble("eps"));
    }
}
