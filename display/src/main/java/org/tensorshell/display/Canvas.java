package org.tensorshell.display;

import java.awt.image.BufferedImage;

/** The few drawing primitives a figure needs, so one layout draws both the PNG (Java2D) and the SVG. */
interface Canvas {
    enum Anchor { START, MIDDLE, END }

    void line(double x1, double y1, double x2, double y2, int rgb, double alpha, double width);

    void polyline(double[] xs, double[] ys, int n, int rgb, double alpha, double width);

    void circle(double cx, double cy, double r, int rgb, double alpha);

    /** A filled closed polygon (arrowheads). */
    void polygon(double[] xs, double[] ys, int n, int rgb, double alpha);

    void fillRect(double x, double y, double w, double h, int rgb, double alpha);

    void strokeRect(double x, double y, double w, double h, int rgb, double width);

    /** Text with its baseline at y; vertical text reads bottom to top, anchored around (x, y). */
    void text(String s, double x, double y, double size, Anchor anchor, boolean bold, boolean vertical, int rgb);

    void image(BufferedImage img, double x, double y, double w, double h);

    /** Restricts drawing to a rectangle until {@link #unclip}. */
    void clip(double x, double y, double w, double h);

    void unclip();

    /** Width of text in pixels (from real font metrics, also for SVG). */
    static double textWidth(String s, double size) {
        return Java2DCanvas.metrics((float) size, false).getStringBounds(s, null).getWidth();
    }
}
