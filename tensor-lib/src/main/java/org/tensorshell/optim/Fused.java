package org.tensorshell.optim;

import org.tensorshell.DType;
import org.tensorshell.Tensor;
import org.tensorshell.core.Parallel;
import org.tensorshell.core.Storage;

/**
 * Fused in-place updates over contiguous float32 tensors of one size: each tile of every operand is read
 * once into an L1-sized float[] tile, the whole update runs on the tiles, and the written operands go back
 * in bulk. One pass per parameter instead of PyTorch's chain of temporaries. The arithmetic follows
 * PyTorch 1.13's single-tensor kernels operation by operation (scalars in float, as ATen's opmath).
 */
final class Fused {
    private Fused() {}

    /** Elements per tile: 512 keeps the 4-5 operand tiles of an update inside L1 (2048 measured 2x slower). */
    static final int TILE = 512;

    /** A kernel over tiles; {@code t[i]} holds the current tile of operand i. */
    @FunctionalInterface
    interface Kernel {
        void apply(float[][] t, int n);
    }

    /** Whether the fast path applies: every operand contiguous float32 with the same element count. */
    static boolean eligible(Tensor... ts) {
        long n = ts[0].numel();
        for (Tensor t : ts) {
            if (t == null || t.dtype() != DType.FLOAT32 || !t.isContiguous() || t.numel() != n) return false;
        }
        return n <= Integer.MAX_VALUE;
    }

    /**
     * Runs {@code kernel} over all elements; operands {@code i} with {@code written[i]} are stored back.
     * {@code cost} scales the parallel grain.
     */
    static void run(Tensor[] ts, boolean[] written, int cost, Kernel kernel) {
        int n = (int) ts[0].numel();
        if (n == 0) return;
        int k = ts.length;
        Storage[] s = new Storage[k];
        int[] off = new int[k];
        for (int i = 0; i < k; i++) {
            s[i] = ts[i].untypedStorage();
            off[i] = (int) ts[i].storageOffset();
        }
        Parallel.range(n, Math.max(1, Parallel.GRAIN / Math.max(1, cost)), (start, end) -> {
            float[][] tiles = new float[k][Math.min(TILE, end - start)];
            for (int pos = start; pos < end; ) {
                int len = Math.min(TILE, end - pos);
                for (int i = 0; i < k; i++) s[i].readFloat(off[i] + pos, 1, tiles[i], 0, len);
                kernel.apply(tiles, len);
                for (int i = 0; i < k; i++) if (written[i]) s[i].writeFloat(off[i] + pos, 1, tiles[i], 0, len);
                pos += len;
            }
        });
        for (int i = 0; i < k; i++) if (written[i]) s[i].bumpVersion();
    }

    /**
     * Plain Adam ({@link #adam}) on the off-heap storages themselves, where every operand has one and the direct
     * kernels are loaded (JDK 22+): the same operations, without the tile copies, which cost more than the
     * arithmetic (the API.md model's 2.77M weights: about 3.3 ms a step through tiles). False, with nothing
     * done, otherwise. The operands are {@link #eligible}.
     */
    static boolean adamDirect(Tensor p, Tensor g, Tensor m, Tensor v, float b1, float omb1, float b2, float omb2, float bc2,
                              float eps, float negStep) {
        org.tensorshell.core.DirectAdam k = org.tensorshell.core.DirectAdam.get();
        Storage sp = p.untypedStorage(), sg = g.untypedStorage(), sm = m.untypedStorage(), sv = v.untypedStorage();
        if (k == null || !(sp.directBuffer() instanceof java.nio.FloatBuffer bp) || !(sg.directBuffer() instanceof java.nio.FloatBuffer bg)
            || !(sm.directBuffer() instanceof java.nio.FloatBuffer bm) || !(sv.directBuffer() instanceof java.nio.FloatBuffer bv)) {
            return false;
        }
        long po = p.storageOffset(), go = g.storageOffset(), mo = m.storageOffset(), vo = v.storageOffset();
        Parallel.range((int) p.numel(), Parallel.GRAIN / 4, (start, end) ->
            k.adam(bp, po + start, bg, go + start, bm, mo + start, bv, vo + start, end - start, b1, omb1, b2, omb2, bc2, eps, negStep));
        // the storages' Cleaners hand their memory on: keep them until the kernel is done
        java.lang.ref.Reference.reachabilityFence(p);
        java.lang.ref.Reference.reachabilityFence(g);
        java.lang.ref.Reference.reachabilityFence(m);
        java.lang.ref.Reference.reachabilityFence(v);
        sp.bumpVersion();
        sm.bumpVersion();
        sv.bumpVersion();
        return true;
    }

    private static final float[] ZEROS_F = new float[8192];
    private static final double[] ZEROS_D = new double[8192];

    /** Zeroes a tensor in place with bulk writes (a contiguous float tensor), else through zero_(). */
    static void zero(Tensor t) {
        if (!t.isContiguous() || (t.dtype() != DType.FLOAT32 && t.dtype() != DType.FLOAT64) || t.numel() > Integer.MAX_VALUE) {
            t.zero_();
            return;
        }
        Storage s = t.untypedStorage();
        int off = (int) t.storageOffset(), n = (int) t.numel();
        boolean f32 = t.dtype() == DType.FLOAT32;
        Parallel.range(n, Parallel.GRAIN * 4, (start, end) -> {
            for (int pos = start; pos < end; pos += ZEROS_F.length) {
                int len = Math.min(ZEROS_F.length, end - pos);
                if (f32) s.writeFloat(off + pos, 1, ZEROS_F, 0, len);
                else s.writeDouble(off + pos, 1, ZEROS_D, 0, len);
            }
        });
        s.bumpVersion();
    }

    /** grad := -grad (maximize), then grad += wd * param; on the grad's tile copy only. */
    static void prepareGrad(float[] g, float[] p, int n, boolean maximize, float wd) {
        if (maximize) for (int i = 0; i < n; i++) g[i] = -g[i];
        if (wd != 0) for (int i = 0; i < n; i++) g[i] = g[i] + wd * p[i];
    }

    /** param *= (1 - lr * wd), AdamW's decoupled decay. */
    static void scale(float[] p, int n, float f) {
        for (int i = 0; i < n; i++) p[i] = p[i] * f;
    }

    /** Adam: m, v moments; {@code negStep} = -lr / (1 - beta1^t), {@code bc2} = sqrt(1 - beta2^t). */
    static void adam(float[] p, float[] g, float[] m, float[] v, int n,
                     float b1, float omb1, float b2, float omb2, float bc2, float eps, float negStep) {
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            float mi = m[i] * b1 + omb1 * gi;
            float vi = v[i] * b2 + omb2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            float denom = (float) Math.sqrt(vi) / bc2 + eps;
            p[i] = p[i] + negStep * mi / denom;
        }
    }

    /** AMSGrad: as {@link #adam}, normalising by the running maximum {@code vmax} of v. */
    static void adamAmsgrad(float[] p, float[] g, float[] m, float[] v, float[] vmax, int n,
                            float b1, float omb1, float b2, float omb2, float bc2, float eps, float negStep) {
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            float mi = m[i] * b1 + omb1 * gi;
            float vi = v[i] * b2 + omb2 * gi * gi;
            float mx = Math.max(vmax[i], vi);
            if (vi != vi) mx = vi; // torch.maximum propagates NaN
            m[i] = mi;
            v[i] = vi;
            vmax[i] = mx;
            float denom = (float) Math.sqrt(mx) / bc2 + eps;
            p[i] = p[i] + negStep * mi / denom;
        }
    }

    /** SGD without momentum: param += -lr * d. */
    static void sgd(float[] p, float[] d, int n, float negLr) {
        for (int i = 0; i < n; i++) p[i] = p[i] + negLr * d[i];
    }

    /** SGD with momentum; on the first step the buffer starts as a copy of d. */
    static void sgdMomentum(float[] p, float[] d, float[] buf, int n, boolean first, float mom, float omd,
                            boolean nesterov, float negLr) {
        // branch-free loops (vectorisable); the same arithmetic as PyTorch's buf.mul_(m).add_(d, alpha=1-dampening)
        if (first) System.arraycopy(d, 0, buf, 0, n);
        else for (int i = 0; i < n; i++) buf[i] = buf[i] * mom + omd * d[i];
        if (nesterov) for (int i = 0; i < n; i++) p[i] = p[i] + negLr * (d[i] + mom * buf[i]);
        else for (int i = 0; i < n; i++) p[i] = p[i] + negLr * buf[i];
    }

    /** RMSprop; {@code ga} (centered) and {@code buf} (momentum) may be null. */
    static void rmsprop(float[] p, float[] g, float[] sq, float[] ga, float[] buf, int n,
                        float alpha, float oma, float eps, float mom, float negLr) {
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            float s = sq[i] * alpha + oma * gi * gi;
            sq[i] = s;
            float avg;
            if (ga != null) {
                float a = ga[i] * alpha + oma * gi;
                ga[i] = a;
                avg = (float) Math.sqrt(s + -1f * a * a);
            } else {
                avg = (float) Math.sqrt(s);
            }
            avg = avg + eps;
            if (buf != null) {
                float b = buf[i] * mom + gi / avg;
                buf[i] = b;
                p[i] = p[i] + negLr * b;
            } else {
                p[i] = p[i] + negLr * gi / avg;
            }
        }
    }

    /** Adagrad: sum += g*g, param += -clr * g / (sqrt(sum) + eps). */
    static void adagrad(float[] p, float[] g, float[] sum, int n, float eps, float negClr) {
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            float s = sum[i] + 1f * gi * gi;
            sum[i] = s;
            float std = (float) Math.sqrt(s) + eps;
            p[i] = p[i] + negClr * gi / std;
        }
    }
}
