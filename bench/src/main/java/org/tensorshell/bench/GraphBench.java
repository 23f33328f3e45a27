package org.tensorshell.bench;

import static org.tensorshell.Torch.*;

import org.tensorshell.Tensor;
import org.tensorshell.display.AutogradGraph;
import org.tensorshell.display.MimeBundle;
import org.tensorshell.display.Plots;
import org.tensorshell.nn.Linear;
import org.tensorshell.nn.Sequential;
import org.tensorshell.nn.Tanh;

/**
 * Issue 6, acceptance 4: drawing a ~300-node autograd graph (a 60-layer MLP's loss) takes under 1 s after
 * warm-up. One drawing is the whole notebook path: read the graph, lay it out (ELK), draw SVG and PNG.
 */
public final class GraphBench {
    public static void main(String[] args) {
        manualSeed(0);
        Sequential model = new Sequential();
        for (int i = 0; i < 60; i++) {
            model.append(new Linear(16, 16));
            model.append(new Tanh());
        }
        Tensor loss = model.forward(randn(4, 16)).pow(2).mean();

        long t0 = System.nanoTime();
        AutogradGraph first = draw(loss, model);
        double cold = (System.nanoTime() - t0) / 1e9;
        // ELK is a large code base: give the JIT a few full drawings before Timing's own warm-up
        for (int i = 0; i < 10; i++) draw(loss, model);
        double warm = Timing.median(() -> draw(loss, model), 15, 1);

        System.out.printf("%-52s %12s %s%n", "workload", "seconds", "target");
        System.out.printf("%-52s %12.3f %s%n", "drawGraph, first call (ELK classes load)", cold, "(informative)");
        System.out.printf("%-52s %12.3f %s -> %s%n", "drawGraph " + first.nodeCount() + " nodes, layout+SVG+PNG, warm", warm,
            "< 1 s", warm < 1 ? "met" : "NOT met");
    }

    private static AutogradGraph draw(Tensor loss, Sequential model) {
        AutogradGraph g = Plots.drawGraph(loss, model);
        MimeBundle b = g.toMimeBundle();
        if (!b.has(MimeBundle.PNG) || !b.has(MimeBundle.SVG) || g.collapsed()) throw new AssertionError("drawGraph: " + b.data().keySet());
        return g;
    }
}
