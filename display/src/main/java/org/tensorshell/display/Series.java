package org.tensorshell.display;

import java.awt.image.BufferedImage;

/** What an {@link Axes} draws. Data arrays are owned by the series (callers pass copies). */
sealed interface Series {
    /** Label for the legend, or null for none. */
    String label();

    Series withLabel(String label);

    record Line(double[] x, double[] y, String label, int color, double alpha, double width) implements Series {
        public Series withLabel(String l) { return new Line(x, y, l, color, alpha, width); }
    }

    /** Scatter points; {@code classes}, when present, colours each point by its class index. */
    record Points(double[] x, double[] y, int[] classes, String label, int color, double radius, double alpha) implements Series {
        public Series withLabel(String l) { return new Points(x, y, classes, l, color, radius, alpha); }
    }

    /** Histogram bars: bar i spans [edges[i], edges[i + 1]] with height heights[i]. */
    record Bars(double[] edges, double[] heights, String label, int color, double alpha) implements Series {
        public Series withLabel(String l) { return new Bars(edges, heights, l, color, alpha); }
    }

    /** A picture covering data coordinates [0, width] x [0, height]. */
    record Picture(BufferedImage image, double width, double height) implements Series {
        public String label() { return null; }
        public Series withLabel(String l) { return this; }
    }

    /** A highlighted point with a note, e.g. the best validation loss. */
    record Marker(double x, double y, String text, int color, double radius) implements Series {
        Marker(double x, double y, String text, int color) { this(x, y, text, color, 4); }

        public String label() { return null; }
        public Series withLabel(String l) { return this; }
    }
}
