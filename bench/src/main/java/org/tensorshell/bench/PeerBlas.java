package org.tensorshell.bench;

import java.nio.FloatBuffer;

/**
 * The OpenBLAS library PyTorch runs on (Debian's), called bare from this JVM on our buffers: the same product as
 * a bare call of ours, through the other library, so a matmul ratio can be split into what the two OpenBLAS
 * builds differ by and what the rest of each side costs. The JDK 22 class {@code FfmPeerBlas} implements it.
 */
interface PeerBlas {
    /** A row-major float32 C = A B of n x n matrices through {@code cblas_sgemm} of the library, on {@code threads}. */
    Runnable sgemm(String library, FloatBuffer a, FloatBuffer b, FloatBuffer c, int n, int threads);

    /** The binding, or null where it cannot be had (JDK 21). */
    static PeerBlas load() {
        return org.tensorshell.core.Java22.orNull(java.lang.invoke.MethodHandles.lookup(), "org.tensorshell.bench.FfmPeerBlas",
            PeerBlas.class);
    }
}
