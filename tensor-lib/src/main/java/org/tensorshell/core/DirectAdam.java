package org.tensorshell.core;

import java.nio.FloatBuffer;

/**
 * Adam's update run on off-heap float32 storage itself, with the foreign memory API (JDK 22 and later:
 * {@code SegmentKernels}). Same operations, in the same order, as the optimizer's tile kernel, so the same
 * results bit for bit, without copying each operand's tiles in and out.
 */
public interface DirectAdam {
    /**
     * For i in [0, n): m = m * b1 + omb1 * g; v = v * b2 + omb2 * g * g; p = p + negStep * m / (sqrt(v) / bc2 + eps),
     * on the floats from the given element offsets.
     */
    void adam(FloatBuffer p, long pOffset, FloatBuffer g, long gOffset, FloatBuffer m, long mOffset, FloatBuffer v,
              long vOffset, int n, float b1, float omb1, float b2, float omb2, float bc2, float eps, float negStep);

    /** The kernel, or null where the direct kernels are not loaded (JDK 21, or switched off). */
    static DirectAdam get() {
        return TileLoop.directAdam();
    }
}
