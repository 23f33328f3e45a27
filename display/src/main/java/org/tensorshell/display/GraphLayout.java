package org.tensorshell.display;

import org.eclipse.elk.alg.layered.LayeredLayoutProvider;
import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * Places boxes and routes edges with Eclipse ELK's layered (Sugiyama) algorithm, top to bottom in the
 * direction data flows, with orthogonal edges. ELK is called through its plain Java API (no Eclipse
 * runtime); this is the only class that touches it, so its classes load on the first drawing, not when
 * the kernel starts.
 */
final class GraphLayout {
    static {
        // Registers ELK's option types (ElkReflect) and the layered algorithm's options, which an Eclipse
        // runtime would do at start-up; without it, reading a default spacing fails. ServiceLoader finds the
        // layered provider unless the context class loader cannot see it (then it is registered by hand).
        LayoutMetaDataService service = LayoutMetaDataService.getInstance();
        if (service.getAlgorithmData(LayeredOptions.ALGORITHM_ID) == null) {
            service.registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
        }
    }

    private GraphLayout() {}

    /** Where everything goes: box rectangles, and each edge as a polyline ending at its target. */
    record Placed(double width, double height, double[] x, double[] y, double[] w, double[] h, double[][] edgeXs, double[][] edgeYs) {}

    static Placed layout(GraphModel g, double[] w, double[] h) {
        ElkNode root = ElkGraphUtil.createGraph();
        root.setProperty(CoreOptions.DIRECTION, Direction.DOWN);
        root.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
        root.setProperty(CoreOptions.PADDING, new ElkPadding(16));
        root.setProperty(LayeredOptions.SPACING_NODE_NODE, 18.0);
        root.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 28.0);
        root.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 10.0);
        root.setProperty(LayeredOptions.SPACING_EDGE_EDGE_BETWEEN_LAYERS, 8.0);
        root.setProperty(LayeredOptions.SPACING_EDGE_EDGE, 8.0);
        int n = g.size();
        ElkNode[] nodes = new ElkNode[n];
        for (int i = 0; i < n; i++) {
            nodes[i] = ElkGraphUtil.createNode(root);
            nodes[i].setDimensions(w[i], h[i]);
        }
        ElkEdge[] edges = new ElkEdge[g.edgeCount()];
        for (int e = 0; e < edges.length; e++) edges[e] = ElkGraphUtil.createSimpleEdge(nodes[g.from(e)], nodes[g.to(e)]);

        new LayeredLayoutProvider().layout(root, new BasicProgressMonitor());

        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = nodes[i].getX();
            y[i] = nodes[i].getY();
        }
        double[][] exs = new double[edges.length][], eys = new double[edges.length][];
        for (int e = 0; e < edges.length; e++) {
            if (edges[e].getSections().isEmpty()) continue;
            ElkEdgeSection s = edges[e].getSections().get(0);
            int k = s.getBendPoints().size();
            double[] xs = new double[k + 2], ys = new double[k + 2];
            xs[0] = s.getStartX();
            ys[0] = s.getStartY();
            for (int b = 0; b < k; b++) {
                ElkBendPoint p = s.getBendPoints().get(b);
                xs[b + 1] = p.getX();
                ys[b + 1] = p.getY();
            }
            xs[k + 1] = s.getEndX();
            ys[k + 1] = s.getEndY();
            exs[e] = xs;
            eys[e] = ys;
        }
        return new Placed(root.getWidth(), root.getHeight(), x, y, w, h, exs, eys);
    }
}
