package org.tensorshell.optim;

import java.util.List;
import java.util.Map;
import org.tensorshell.Tensor;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum, weight decay and
 * maximize, PyTorch 1.13's update. The learning rate has no default (it is required in PyTorch):
 * {@code new SGD(params, 0.1)} or {@code new SGD(params, SGD.options().lr(0.1).momentum(0.9))}.
 */
public final class SGD extends Optimizer {

    public static final class Options extends OptimOptions<Options> {
        Options() {
            defaultValue("momentum", 0.0);
            defaultValue("dampening", 0.0);
            defaultValue("weight_decay", 0.0);
            defaultValue("nesterov", false);
            defaultValue("maximize", false);
        }

        public Options momentum(double momentum) { return put("momentum", momentum); }

        public Options dampening(double dampening) { return put("dampening", dampening); }

        public Options weightDecay(double weightDecay) { return put("weight_decay", weightDecay); }

        public Options nesterov(boolean nesterov) { return put("nesterov", nesterov); }

        public Options maximize(boolean maximize) { return put("maximize", maximize); }
    }

    public static Options options() { return new Options(); }

    public SGD(Iterable<? extends Tensor> params, double lr) { this(params, options().lr(lr)); }

    public SGD(Iterable<? extends Tensor> params, Options options) { super("SGD", single(params), options); }

    public SGD(List<ParamGroup> groups, Options defaults) { super("SGD", groups, defaults); }

    @Override
    List<String> requiredOptions() { return List.of("lr"); }

    @Override
    void validate(ParamGroup g) {
        check(g.lr() >= 0, "SGD", "Invalid learning rate: " + g.lr());
        check(g.getDouble("momentum") >= 0, "SGD", "Invalid momentum value: " + g.getDouble("momentum"));
        check(g.getDouble("weight_decay") >= 0, "SGD", "Invalid weight_decay value: " + g.getDouble("weight_decay"));
        check(!g.getBoolean("nesterov") || (g.getDouble("momentum") > 0 && g.getDouble("dampening") == 0), "SGD",
            "Nesterov momentum requires a momentum and zero dampening");
    }

    @Override
    void update(ParamGroup group, Tensor p, Tensor grad, Map<String, Object> st) {
        double lr = group.lr(), momentum = group.getDouble("momentum"), dampening = group.getDouble("dampening");
        double wd = group.getDouble("weight_decay");
        boolean nesterov = group.getBoolean("nesterov"), maximize = group.getBoolean("maximize");
        Tensor buf = (Tensor) st.get("momentum_buffer");
        boolean first = buf == null;
        if (momentum != 0 && first) {
            buf = org.tensorshell.Torch.zerosLike(p);
            st.put("momentum_buffer", buf);
        }
        if (momentum == 0 ? Fused.eligible(p, grad) : Fused.eligible(p, grad, buf)) {
            float fwd = (float) wd, fneg = (float) -lr, fm = (float) momentum, fomd = (float) (1 - dampening);
            if (momentum == 0) {
                Fused.run(new Tensor[] {p, grad}, new boolean[] {true, false}, 1, (t, n) -> {
                    Fused.prepareGrad(t[1], t[0], n, maximize, fwd);
                    Fused.sgd(t[0], t[1], n, fneg);
                });
            } else {
                Fused.run(new Tensor[] {p, grad, buf}, new boolean[] {true, false, true}, 2, (t, n) -> {
                    Fused.prepareGrad(t[1], t[0], n, maximize, fwd);
                    Fused.sgdMomentum(t[0], t[1], t[2], n, first, fm, fomd, nesterov, fneg);
                });
            }
            return;
        }
        Tensor d = maximize ? grad.neg() : grad;
        if (wd != 0) d = d.add(p.mul(wd));
        if (momentum != 0) {
            if (first) buf.copy_(d);
            else buf.mul_(momentum).add_(d.mul(1 - dampening));
            d = nesterov ? d.add(buf.mul(momentum)) : buf;
        }
        p.add_(d.mul(-lr));
    }
}
