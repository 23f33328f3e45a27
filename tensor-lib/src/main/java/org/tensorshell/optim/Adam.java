package org.tensorshell.optim;

import java.util.List;
import org.tensorshell.Tensor;

/**
 * Adam (Kingma and Ba), PyTorch 1.13's update: lr 1e-3, betas (0.9, 0.999), eps 1e-8, L2 weight decay
 * added to the gradient, optional AMSGrad and maximize. Each parameter is updated in one fused pass.
 * {@code new Adam(model.parameters())}, {@code new Adam(params, Adam.options().lr(1e-3).weightDecay(1e-2))}.
 */
public final class Adam extends AdamFamily {

    /** Adam's and AdamW's options. */
    public static final class Options extends OptimOptions<Options> {
        Options(double weightDecay) {
            defaultValue("lr", 1e-3);
            defaultValue("betas", new double[] {0.9, 0.999});
            defaultValue("eps", 1e-8);
            defaultValue("weight_decay", weightDecay);
            defaultValue("amsgrad", false);
            defaultValue("maximize", false);
        }

        public Options betas(double beta1, double beta2) { return put("betas", new double[] {beta1, beta2}); }

        public Options eps(double eps) { return put("eps", eps); }

        public Options weightDecay(double weightDecay) { return put("weight_decay", weightDecay); }

        public Options amsgrad(boolean amsgrad) { return put("amsgrad", amsgrad); }

        public Options maximize(boolean maximize) { return put("maximize", maximize); }
    }

    public static Options options() { return new Options(0); }

    public Adam(Iterable<? extends Tensor> params) { this(params, options()); }

    public Adam(Iterable<? extends Tensor> params, Options options) { super("Adam", single(params), overlay(options, 0), false); }

    /** Parameter groups with per-group options ({@code new ParamGroup(params, Adam.options().lr(1e-4))}). */
    public Adam(List<ParamGroup> groups, Options defaults) { super("Adam", groups, overlay(defaults, 0), false); }
}
