package org.tensorshell.optim;

import java.util.List;
import java.util.Map;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;

/** Adam and AdamW: one update, with L2 decay folded into the gradient (Adam) or decoupled (AdamW). */
abstract sealed class AdamFamily extends Optimizer permits Adam, AdamW {
    private final boolean decoupled;

    AdamFamily(String name, List<ParamGroup> groups, Adam.Options defaults, boolean decoupled) {
        super(name, groups, defaults);
        this.decoupled = decoupled;
    }

    /** The explicitly set options over this optimizer's own defaults (AdamW's weight decay differs from Adam's). */
    static Adam.Options overlay(Adam.Options given, double defaultWeightDecay) {
        Adam.Options o = new Adam.Options(defaultWeightDecay);
        given.explicitValues().forEach(o::put);
        return o;
    }

    @Override
    void validate(ParamGroup g) {
        String n = getClass().getSimpleName();
        double[] betas = g.getDoubles("betas");
        check(g.lr() >= 0, n, "Invalid learning rate: " + g.lr());
        check(g.getDouble("eps") >= 0, n, "Invalid epsilon value: " + g.getDouble("eps"));
        check(betas.length == 2, n, "betas must have two values, got " + betas.length);
        check(betas[0] >= 0 && betas[0] < 1, n, "Invalid beta parameter at index 0: " + betas[0]);
        check(betas[1] >= 0 && betas[1] < 1, n, "Invalid beta parameter at index 1: " + betas[1]);
        check(g.getDouble("weight_decay") >= 0, n, "Invalid weight_decay value: " + g.getDouble("weight_decay"));
    }

    @Override
    void update(ParamGroup group, Tensor p, Tensor grad, Map<String, Object> st) {
        double lr = group.lr();
        double[] betas = group.getDoubles("betas");
        double b1 = betas[0], b2 = betas[1];
        double eps = group.getDouble("eps"), wd = group.getDouble("weight_decay");
        boolean amsgrad = group.getBoolean("amsgrad"), maximize = group.getBoolean("maximize");
        if (!st.containsKey("step")) {
            st.put("step", 0.0);
            st.put("exp_avg", Torch.zerosLike(p));
            st.put("exp_avg_sq", Torch.zerosLike(p));
        }
        if (amsgrad && !st.containsKey("max_exp_avg_sq")) st.put("max_exp_avg_sq", Torch.zerosLike(p));
        double step = (Double) st.get("step") + 1;
        st.put("step", step);
        Tensor m = (Tensor) st.get("exp_avg"), v = (Tensor) st.get("exp_avg_sq");
        Tensor vmax = amsgrad ? (Tensor) st.get("max_exp_avg_sq") : null;
        double stepSize = lr / (1 - Math.pow(b1, step));
        double bc2 = Math.sqrt(1 - Math.pow(b2, step));
        double decay = decoupled ? 1 - lr * wd : 1;
        double l2 = decoupled ? 0 : wd;
        if (amsgrad ? Fused.eligible(p, grad, m, v, vmax) : Fused.eligible(p, grad, m, v)) {
            float fb1 = (float) b1, fomb1 = (float) (1 - b1), fb2 = (float) b2, fomb2 = (float) (1 - b2);
            float fbc2 = (float) bc2, feps = (float) eps, fneg = (float) -stepSize, fl2 = (float) l2, fdecay = (float) decay;
            if (!decoupled && !amsgrad && !maximize && fl2 == 0 && Fused.adamDirect(p, grad, m, v, fb1, fomb1, fb2, fomb2, fbc2, feps, fneg)) {
                return;
            }
            Tensor[] ops = amsgrad ? new Tensor[] {p, grad, m, v, vmax} : new Tensor[] {p, grad, m, v};
            boolean[] written = amsgrad ? new boolean[] {true, false, true, true, true} : new boolean[] {true, false, true, true};
            Fused.run(ops, written, 4, (t, n) -> {
                if (decoupled) Fused.scale(t[0], n, fdecay);
                Fused.prepareGrad(t[1], t[0], n, maximize, fl2);
                if (amsgrad) Fused.adamAmsgrad(t[0], t[1], t[2], t[3], t[4], n, fb1, fomb1, fb2, fomb2, fbc2, feps, fneg);
                else Fused.adam(t[0], t[1], t[2], t[3], n, fb1, fomb1, fb2, fomb2, fbc2, feps, fneg);
            });
            return;
        }
        // any dtype or layout: PyTorch's op sequence
        Tensor g = maximize ? grad.neg() : grad;
        if (decoupled) p.mul_(decay);
        if (l2 != 0) g = g.add(p.mul(l2));
        m.mul_(b1).add_(g.mul(1 - b1));
        v.mul_(b2).add_(g.mul(1 - b2).mul(g));
        Tensor denomBase = v;
        if (amsgrad) {
            vmax.copy_(vmax.maximum(v));
            denomBase = vmax;
        }
        Tensor denom = denomBase.sqrt().div(bc2).add_(eps);
        p.add_(m.mul(-stepSize).div(denom));
    }
}
