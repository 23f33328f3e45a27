package org.tensorshell;

import org.tensorshell.core.TensorError;

/**
 * A seeded source of random numbers ({@code torch.Generator}). The stream is xoshiro256** seeded
 * through SplitMix64; tensors are filled sequentially, so the same seed gives the same numbers on every
 * run and at every thread count. (The numbers differ from PyTorch's mt19937/Philox streams.)
 */
public final class Generator {
    /** PyTorch's default seed. */
    static final long DEFAULT_SEED = 67280421310721L;

    private long s0, s1, s2, s3;
    private long initialSeed;
    private double nextGaussian = Double.NaN;

    public Generator() { manualSeed(DEFAULT_SEED); }

    public Generator(long seed) { manualSeed(seed); }

    /** Re-seeds this generator; returns it for chaining. */
    public synchronized Generator manualSeed(long seed) {
        initialSeed = seed;
        long x = seed;
        s0 = splitmix(x += 0x9E3779B97F4A7C15L);
        s1 = splitmix(x += 0x9E3779B97F4A7C15L);
        s2 = splitmix(x += 0x9E3779B97F4A7C15L);
        s3 = splitmix(x += 0x9E3779B97F4A7C15L);
        nextGaussian = Double.NaN;
        return this;
    }

    /** Seeds from a double, refusing NaN and infinities. */
    public Generator manualSeed(double seed) {
        if (!Double.isFinite(seed) || seed != Math.rint(seed)) {
            throw new TensorError("manual_seed: expected a whole number seed, got " + seed);
        }
        return manualSeed((long) seed);
    }

    public synchronized long initialSeed() { return initialSeed; }

    /** Re-seeds from a non-deterministic source and returns the new seed. */
    public long seed() {
        long s = System.nanoTime() ^ Thread.currentThread().threadId() * 0x9E3779B97F4A7C15L;
        manualSeed(s);
        return s;
    }

    private static long splitmix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    synchronized long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    double nextDouble() { return (nextLong() >>> 11) * 0x1.0p-53; }

    /** Uniform in [0, 1) with 24 random bits, exactly representable as a float. */
    float nextFloat() { return (nextLong() >>> 40) * 0x1.0p-24f; }

    /** Uniform integer in [0, bound), without modulo bias. */
    long nextBounded(long bound) {
        long r = nextLong() >>> 1;
        long m = bound - 1;
        if ((bound & m) == 0) return r & m;
        for (long u = r; u - (r = u % bound) + m < 0; u = nextLong() >>> 1) { }
        return r;
    }

    /** Standard normal by the Box-Muller transform (pairs are cached). */
    synchronized double nextGaussian() {
        double g = nextGaussian;
        if (!Double.isNaN(g)) {
            nextGaussian = Double.NaN;
            return g;
        }
        double u1 = 1.0 - nextDouble(); // (0, 1]
        double u2 = nextDouble();
        double r = Math.sqrt(-2 * Math.log(u1));
        nextGaussian = r * Math.sin(2 * Math.PI * u2);
        return r * Math.cos(2 * Math.PI * u2);
    }
}
