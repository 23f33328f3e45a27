package org.tensorshell.optim;

import java.util.List;
import java.util.Map;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;

/**
 * Adagrad, PyTorch 1.13's update and defaults: lr 1e-2, lr decay 0, weight decay 0, initial accumulator
 * value 0, eps 1e-10, maximize. The accumulator is created with the optimizer, as in PyTorch.
 */
public final class Adagrad extends Optimizer {

    public static final class Options extends OptimOptions<Options> {
        Options() {
            defaultValue("lr", 1e-2);
            defaultValue("lr_decay", 0.0);
            defaultValue("eps", 1e-10);
            defaultValue("weight_decay", 0.0);
            defaultValue("initial_accumulator_value", 0.0);
            defaultValue("maximize", false);
        }

        public Options lrDecay(double lrDecay) { return put("lr_decay", lrDecay); }

        public Options eps(double eps) { return put("eps", eps); }

        public Options weightDecay(double weightDecay) { return put("weight_decay", weightDecay); }

        public Options initialAccumulatorValue(double v) { return put("initial_accumulator_value", v); }

        public Options maximize(boolean maximize) { return put("maximize", maximize); }
    }

    public static Options options() { return new Options(); }

    public Adagrad(Iterable<? extends Tensor> params) { this(params, options()); }

    public Adagrad(Iterable<? extends Tensor> params, Options options) { super("Adagrad", single(params), options); }

    public Adagrad(List<ParamGroup> groups, Options defaults) { super("Adagrad", groups, defaults); }

    @Override
    public void addParamGroup(ParamGroup group) {
        super.addParamGroup(group);
        for (Tensor p : group.params()) init(group, p);
    }

    private void init(ParamGroup group, Tensor p) {
        Map<String, Object> st = new java.util.LinkedHashMap<>();
        st.put("step", 0.0);
        st.put("sum", Torch.zerosLike(p).fill_(group.getDouble("initial_accumulator_value")));
        state.put(p, st);
    }

    @Override
    void validate(ParamGroup g) {
        check(g.lr() >= 0, "Adagrad", "Invalid learning rate: " + g.lr());
        check(g.getDouble("lr_decay") >= 0, "Adagrad", "Invalid lr_decay value: " + g.getDouble("lr_decay"));
        check(g.getDouble("weight_decay") >= 0, "Adagrad", "Invalid weight_decay value: " + g.getDouble("weight_decay"));
        check(g.getDouble("initial_accumulator_value") >= 0, "Adagrad",
            "Invalid initial_accumulator_value value: " + g.getDouble("initial_accumulator_value"));
        check(g.getDouble("eps") >= 0, "Adagrad", "Invalid epsilon value: " + g.getDouble("eps"));
    }

    @Override
    void update(ParamGroup group, Tensor p, Tensor grad, Map<String, Object> st) {
        double lr = group.lr(), lrDecay = group.getDouble("lr_decay"), eps = group.getDouble("eps");
        double wd = group.getDouble("weight_decay");
        boolean maximize = group.getBoolean("maximize");
        if (!st.containsKey("sum")) {
            st.put("step", 0.0);
            st.put("sum", Torch.zerosLike(p).fill_(group.getDouble("initial_accumulator_value")));
        }
        double step = ((Number) st.get("step")).doubleValue() + 1;
        st.put("step", step);
        Tensor sum = (Tensor) st.get("sum");
        double clr = lr / (1 + (step - 1) * lrDecay);
        if (Fused.eligible(p, grad, sum)) {
            float fwd = (float) wd, feps = (float) eps, fneg = (float) -clr;
            Fused.run(new Tensor[] {p, grad, sum}, new boolean[] {true, false, true}, 3, (t, n) -> {
                Fused.prepareGrad(t[1], t[0], n, maximize, fwd);
                Fused.adagrad(t[0], t[1], t[2], n, feps, fneg);
            });
            return;
        }
        Tensor g = maximize ? grad.neg() : grad;
        if (wd != 0) g = g.add(p.mul(wd));
        sum.add_(g.mul(g));
        Tensor std = sum.sqrt().add_(eps);
        p.add_(g.mul(-clr).div(std));
    }
}
