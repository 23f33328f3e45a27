package org.tensorshell.optim;

import java.util.List;
import org.tensorshell.Tensor;

/**
 * AdamW (Loshchilov and Hutter): Adam with weight decay applied to the parameter ({@code p *= 1 - lr*wd})
 * instead of the gradient; PyTorch 1.13's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 1e-2.
 */
public final class AdamW extends AdamFamily {

    public static Adam.Options options() { return new Adam.Options(1e-2); }

    public AdamW(Iterable<? extends Tensor> params) { this(params, options()); }

    public AdamW(Iterable<? extends Tensor> params, Adam.Options options) { super("AdamW", single(params), overlay(options, 1e-2), true); }

    public AdamW(List<ParamGroup> groups, Adam.Options defaults) { super("AdamW", groups, overlay(defaults, 1e-2), true); }
}
