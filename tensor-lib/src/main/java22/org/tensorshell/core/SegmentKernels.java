package org.tensorshell.core;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 pointwise kernels that run on off-heap storage itself, through the JDK's foreign memory API (final
 * in JDK 22, so this class alone is compiled for 22 and only loaded there: see {@link TileLoop#DIRECT}).
 * Same vector operations as the tile kernels of {@link BinaryOp}, so the same results; every access is
 * bounds-checked by its segment.
 */
final class SegmentKernels implements TileLoop.Direct, DirectAdam {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    @Override
    public void binary(BinaryOp op, FloatBuffer out, long outOffset, FloatBuffer a, long aOffset, FloatBuffer b,
                       long bOffset, int n) {
        MemorySegment o = segment(out), x = segment(a), y = segment(b);
        long oo = 4 * outOffset, xo = 4 * aOffset, yo = 4 * bOffset;
        switch (op) {
            case ADD -> add(x, xo, y, yo, o, oo, n);
            case SUB -> sub(x, xo, y, yo, o, oo, n);
            case MUL -> mul(x, xo, y, yo, o, oo, n);
            case DIV -> div(x, xo, y, yo, o, oo, n);
            case MAXIMUM -> max(x, xo, y, yo, o, oo, n);
            case MINIMUM -> min(x, xo, y, yo, o, oo, n);
            case THRESHOLD_BACKWARD -> threshold(x, xo, y, yo, o, oo, n);
            default -> throw new IllegalArgumentException(op.opName + " has no segment kernel");
        }
    }

    @Override
    public void adam(FloatBuffer pb, long pOffset, FloatBuffer gb, long gOffset, FloatBuffer mb, long mOffset, FloatBuffer vb,
                     long vOffset, int n, float b1, float omb1, float b2, float omb2, float bc2, float eps, float negStep) {
        MemorySegment p = segment(pb), g = segment(gb), m = segment(mb), v = segment(vb);
        long po = 4 * pOffset, go = 4 * gOffset, mo = 4 * mOffset, vo = 4 * vOffset;
        int i = 0, bound = FS.loopBound(n);
        for (; i < bound; i += FS.length()) {
            long k = 4L * i;
            FloatVector gi = FloatVector.fromMemorySegment(FS, g, go + k, NATIVE);
            FloatVector mi = FloatVector.fromMemorySegment(FS, m, mo + k, NATIVE).mul(b1).add(gi.mul(omb1));
            FloatVector vi = FloatVector.fromMemorySegment(FS, v, vo + k, NATIVE).mul(b2).add(gi.mul(omb2).mul(gi));
            mi.intoMemorySegment(m, mo + k, NATIVE);
            vi.intoMemorySegment(v, vo + k, NATIVE);
            FloatVector denom = vi.lanewise(VectorOperators.SQRT).div(bc2).add(eps);
            FloatVector.fromMemorySegment(FS, p, po + k, NATIVE).add(mi.mul(negStep).div(denom)).intoMemorySegment(p, po + k, NATIVE);
        }
        for (; i < n; i++) {
            long k = 4L * i;
            float gi = g.get(F32, go + k);
            float mi = m.get(F32, mo + k) * b1 + omb1 * gi;
            float vi = v.get(F32, vo + k) * b2 + omb2 * gi * gi;
            m.set(F32, mo + k, mi);
            v.set(F32, vo + k, vi);
            float denom = (float) Math.sqrt(vi) / bc2 + eps;
            p.set(F32, po + k, p.get(F32, po + k) + negStep * mi / denom);
        }
    }

    private static MemorySegment segment(FloatBuffer b) {
        return MemorySegment.ofBuffer(b.position() == 0 && b.limit() == b.capacity() ? b : b.duplicate().clear());
    }

    // Each op has its own loop, as the tile kernels do: with the operator as a parameter the JIT does not
    // specialise the vector operation and the loop runs about ten times slower.
    private static void add(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment o, long oo, int n) {
        int i = 0, bound = FS.loopBound(n);
        for (; i < bound; i += FS.length()) {
            long k = 4L * i;
            FloatVector.fromMemorySegment(FS, a, ao + k, NATIVE).add(FloatVector.fromMemorySegment(FS, b, bo + k, NATIVE))
                .intoMemorySegment(o, oo + k, NATIVE);
        }
        for (; i < n; i++) o.set(F32, oo + 4L * i, a.get(F32, ao + 4L * i) + b.get(F32, bo + 4L * i));
    }

    private static void sub(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment o, long oo, int n) {
        int i = 0, bound = FS.loopBound(n);
        for (; i < bound; i += FS.length()) {
            long k = 4L * i;
            FloatVector.fromMemorySegment(FS, a, ao + k, NATIVE).sub(FloatVector.fromMemorySegment(FS, b, bo + k, NATIVE))
                .intoMemorySegment(o, oo + k, NATIVE);
        }
        for (; i < n; i++) o.set(F32, oo + 4L * i, a.get(F32, ao + 4L * i) - b.get(F32, bo + 4L * i));
    }

    private static void mul(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment o, long oo, int n) {
        int i = 0, bound = FS.loopBound(n);
        for (; i < bound; i += FS.length()) {
            long k = 4L * i;
            FloatVector.fromMemorySegment(FS, a, ao + k, NATIVE).mul(FloatVector.fromMemorySegment(FS, b, bo + k, NATIVE))
                .intoMemorySegment(o, oo + k, NATIVE);
        }
        for (; i < n; i++) o.set(F32, oo + 4L * i, a.get(F32, ao + 4L * i) * b.get(F32, bo + 4L * i));
    }

    private static void div(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment o, long oo, int n) {
        int i = 0, bound = FS.loopBound(n);
        for (; i < bound; i += FS.length()) {
            long k = 4L * i;
            FloatVector.fromMemorySegment(FS, a, ao + k, NATIVE).div(FloatVector.fromMemorySegment(FS, b, bo + k, NATIVE))
                .intoMemorySegment(o, oo + k, NATIVE);
        }
        for (; i < n; i++) o.set(F32, oo + 4L * i, a.get(F32, ao + 4L * i) / b.get(F32, bo + 4L * i));
    }

    /** NaN-propagating, as Math.max and the tile kernel. */
    private static void max(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment o, long oo, int n) {
        int i = 0, bound = FS.loopBound(n);
        for (; i < bound; i += FS.length()) {
            long k = 4L * i;
            FloatVector.fromMemorySegment(FS, a, ao + k, NATIVE).max(FloatVector.fromMemorySegment(FS, b, bo + k, NATIVE))
                .intoMemorySegment(o, oo + k, NATIVE);
        }
        for (; i < n; i++) o.set(F32, oo + 4L * i, Math.max(a.get(F32, ao + 4L * i), b.get(F32, bo + 4L * i)));
    }

    /** NaN-propagating, as Math.min and the tile kernel. */
    private static void min(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment o, long oo, int n) {
        int i = 0, bound = FS.loopBound(n);
        for (; i < bound; i += FS.length()) {
            long k = 4L * i;
            FloatVector.fromMemorySegment(FS, a, ao + k, NATIVE).min(FloatVector.fromMemorySegment(FS, b, bo + k, NATIVE))
                .intoMemorySegment(o, oo + k, NATIVE);
        }
        for (; i < n; i++) o.set(F32, oo + 4L * i, Math.min(a.get(F32, ao + 4L * i), b.get(F32, bo + 4L * i)));
    }

    /** a where b > 0, else 0 (relu's backward). */
    private static void threshold(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment o, long oo, int n) {
        int i = 0, bound = FS.loopBound(n);
        FloatVector zero = FloatVector.zero(FS);
        for (; i < bound; i += FS.length()) {
            long k = 4L * i;
            VectorMask<Float> keep = FloatVector.fromMemorySegment(FS, b, bo + k, NATIVE).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromMemorySegment(FS, a, ao + k, NATIVE), keep).intoMemorySegment(o, oo + k, NATIVE);
        }
        for (; i < n; i++) o.set(F32, oo + 4L * i, b.get(F32, bo + 4L * i) > 0 ? a.get(F32, ao + 4L * i) : 0f);
    }
}
