package org.tensorshell.optim;

import java.util.List;
import java.util.Map;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;

/**
 * RMSprop, PyTorch 1.13's update and defaults: lr 1e-2, alpha 0.99, eps 1e-8, optional momentum, centered
 * (normalising by an estimate of the variance), weight decay and maximize.
 */
public final class RMSprop extends Optimizer {

    public static final class Options extends OptimOptions<Options> {
        Options() {
            defaultValue("lr", 1e-2);
            defaultValue("momentum", 0.0);
            defaultValue("alpha", 0.99);
            defaultValue("eps", 1e-8);
            defaultValue("centered", false);
            defaultValue("weight_decay", 0.0);
            defaultValue("maximize", false);
        }

        public Options alpha(double alpha) { return put("alpha", alpha); }

        public Options eps(double eps) { return put("eps", eps); }

        public Options weightDecay(double weightDecay) { return put("weight_decay", weightDecay); }

        public Options momentum(double momentum) { return put("momentum", momentum); }

        public Options centered(boolean centered) { return put("centered", centered); }

        public Options maximize(boolean maximize) { return put("maximize", maximize); }
    }

    public static Options options() { return new Options(); }

    public RMSprop(Iterable<? extends Tensor> params) { this(params, options()); }

    public RMSprop(Iterable<? extends Tensor> params, Options options) { super("RMSprop", single(params), options); }

    public RMSprop(List<ParamGroup> groups, Options defaults) { super("RMSprop", groups, defaults); }

    @Override
    void validate(ParamGroup g) {
        check(g.lr() >= 0, "RMSprop", "Invalid learning rate: " + g.lr());
        check(g.getDouble("eps") >= 0, "RMSprop", "Invalid epsilon value: " + g.getDouble("eps"));
        check(g.getDouble("momentum") >= 0, "RMSprop", "Invalid momentum value: " + g.getDouble("momentum"));
        check(g.getDouble("weight_decay") >= 0, "RMSprop", "Invalid weight_decay value: " + g.getDouble("weight_decay"));
        check(g.getDouble("alpha") >= 0, "RMSprop", "Invalid alpha value: " + g.getDouble("alpha"));
    }

    @Override
    boolean stepIsLong() { return true; }

    @Override
    Object exportValue(String key, Object v) { return v; }

    @Override
    void update(ParamGroup group, Tensor p, Tensor grad, Map<String, Object> st) {
        double lr = group.lr(), alpha = group.getDouble("alpha"), eps = group.getDouble("eps");
        double wd = group.getDouble("weight_decay"), momentum = group.getDouble("momentum");
        boolean centered = group.getBoolean("centered"), maximize = group.getBoolean("maximize");
        if (!st.containsKey("step")) {
            st.put("step", 0L);
            st.put("square_avg", Torch.zerosLike(p));
        }
        if (momentum > 0 && !st.containsKey("momentum_buffer")) st.put("momentum_buffer", Torch.zerosLike(p));
        if (centered && !st.containsKey("grad_avg")) st.put("grad_avg", Torch.zerosLike(p));
        st.put("step", ((Number) st.get("step")).longValue() + 1);
        Tensor sq = (Tensor) st.get("square_avg");
        Tensor ga = centered ? (Tensor) st.get("grad_avg") : null;
        Tensor buf = momentum > 0 ? (Tensor) st.get("momentum_buffer") : null;
        if (Fused.eligible(p, grad, sq) && (ga == null || Fused.eligible(p, ga)) && (buf == null || Fused.eligible(p, buf))) {
            float fa = (float) alpha, foma = (float) (1 - alpha), feps = (float) eps, fm = (float) momentum;
            float fneg = (float) -lr, fwd = (float) wd;
            Tensor[] ops = {p, grad, sq, ga == null ? sq : ga, buf == null ? sq : buf};
            boolean[] written = {true, false, true, ga != null, buf != null};
            boolean hasGa = ga != null, hasBuf = buf != null;
            Fused.run(ops, written, 4, (t, n) -> {
                Fused.prepareGrad(t[1], t[0], n, maximize, fwd);
                Fused.rmsprop(t[0], t[1], t[2], hasGa ? t[3] : null, hasBuf ? t[4] : null, n, fa, foma, feps, fm, fneg);
            });
            return;
        }
        Tensor g = maximize ? grad.neg() : grad;
        if (wd != 0) g = g.add(p.mul(wd));
        sq.mul_(alpha).add_(g.mul(1 - alpha).mul(g));
        Tensor avg;
        if (centered) {
            ga.mul_(alpha).add_(g.mul(1 - alpha));
            avg = sq.sub(ga.mul(ga)).sqrt_();
        } else {
            avg = sq.sqrt();
        }
        avg = avg.add_(eps);
        if (momentum > 0) {
            buf.mul_(momentum).add_(g.div(avg));
            p.add_(buf.mul(-lr));
        } else {
            p.add_(g.mul(-lr).div(avg));
        }
    }
}
