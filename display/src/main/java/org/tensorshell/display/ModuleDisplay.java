package org.tensorshell.display;

import org.tensorshell.nn.Module;

/**
 * A {@link Module} as a cell result: {@code text/plain} is PyTorch's module tree ({@code toString()}), the HTML
 * a parameter table like torchinfo's without output shapes (those need a sample input: see
 * {@link ModelSummary#of(Module, org.tensorshell.Tensor...)}), with the tree itself in a collapsed block below.
 */
public final class ModuleDisplay implements Renderer<Module> {
    @Override
    public Class<Module> type() { return Module.class; }

    @Override
    public MimeBundle render(Module m) { return bundle(m); }

    public static MimeBundle bundle(Module m) {
        String tree = m.toString();
        return MimeBundle.builder(tree).html(SummaryFormat.html(ModelSummary.of(m).depth(Integer.MAX_VALUE), tree)).build();
    }
}
