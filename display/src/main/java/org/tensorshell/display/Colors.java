package org.tensorshell.display;

/** Colour maps and the plotting palette, as packed 0xRRGGBB ints. */
final class Colors {
    private Colors() {}

    /** Matplotlib's tab10: distinguishable series colours. */
    static final int[] PALETTE = {
        0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf
    };

    static int series(int i) { return PALETTE[Math.floorMod(i, PALETTE.length)]; }

    // Anchors of viridis (perceptually uniform, readable in grey).
    private static final int[] VIRIDIS = {0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e, 0x1f9e89, 0x35b779, 0x6ece58, 0xb5de2b, 0xfde725};
    // Light-to-dark blues: numbers on top stay readable.
    private static final int[] BLUES = {0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x08519c, 0x08306b};
    // Blue - white - red, centred on zero.
    private static final int[] DIVERGING = {0x2166ac, 0x4393c3, 0x92c5de, 0xd1e5f0, 0xf7f7f7, 0xfddbc7, 0xf4a582, 0xd6604d, 0xb2182b};

    static int viridis(double t) { return ramp(VIRIDIS, t); }

    static int blues(double t) { return ramp(BLUES, t); }

    static int diverging(double t) { return ramp(DIVERGING, t); }

    /** Linear interpolation through evenly spaced anchors; t is clamped to [0, 1], NaN gives grey. */
    static int ramp(int[] anchors, double t) {
        if (Double.isNaN(t)) return 0xbbbbbb;
        t = Math.max(0, Math.min(1, t));
        double p = t * (anchors.length - 1);
        int i = Math.min(anchors.length - 2, (int) p);
        return mix(anchors[i], anchors[i + 1], p - i);
    }

    static int mix(int a, int b, double f) {
        int r = (int) Math.round(((a >> 16) & 255) * (1 - f) + ((b >> 16) & 255) * f);
        int g = (int) Math.round(((a >> 8) & 255) * (1 - f) + ((b >> 8) & 255) * f);
        int bl = (int) Math.round((a & 255) * (1 - f) + (b & 255) * f);
        return (r << 16) | (g << 8) | bl;
    }

    /** Relative luminance in [0, 1]: above about 0.5 dark text reads better. */
    static double luminance(int rgb) {
        return (0.2126 * ((rgb >> 16) & 255) + 0.7152 * ((rgb >> 8) & 255) + 0.0722 * (rgb & 255)) / 255.0;
    }
}
