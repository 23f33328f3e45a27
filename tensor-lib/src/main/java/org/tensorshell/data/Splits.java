package org.tensorshell.data;

import java.util.ArrayList;
import java.util.List;
import org.tensorshell.Generator;
import org.tensorshell.Torch;
import org.tensorshell.core.TensorError;

/** {@code random_split}: one random permutation of the indices, cut into consecutive parts. */
final class Splits {
    private Splits() {}

    static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, long[] lengths, Generator generator) {
        long total = 0;
        for (long len : lengths) {
            if (len < 0) throw new TensorError("random_split: lengths must be non-negative, got " + java.util.Arrays.toString(lengths));
            total += len;
        }
        if (total != dataset.size()) {
            throw new TensorError("random_split: Sum of input lengths (" + total
                + ") does not equal the length of the input dataset (" + dataset.size() + ")");
        }
        long[] perm = Torch.randperm(total, generator).toLongArray();
        List<Subset<T>> parts = new ArrayList<>(lengths.length);
        int at = 0;
        for (long len : lengths) {
            int[] idx = new int[(int) len];
            for (int k = 0; k < len; k++) idx[k] = (int) perm[at + k];
            parts.add(new Subset<>(dataset, idx));
            at += (int) len;
        }
        return parts;
    }

    /** floor(n * f) per part, then the remainder one by one round-robin (PyTorch 1.13's rule). */
    static long[] lengths(int n, double[] fractions) {
        double sum = 0;
        for (int i = 0; i < fractions.length; i++) {
            double f = fractions[i];
            if (!(f >= 0 && f <= 1)) {
                throw new TensorError("random_split: Fraction at index " + i + " is not between 0 and 1, got " + f);
            }
            sum += f;
        }
        if (Math.abs(sum - 1) > 1e-9 || sum > 1 + 1e-12) {
            throw new TensorError("random_split: fractions must sum to 1, got " + sum
                + " for " + java.util.Arrays.toString(fractions) + " (or pass absolute lengths as long[])");
        }
        long[] lengths = new long[fractions.length];
        long used = 0;
        for (int i = 0; i < fractions.length; i++) {
            lengths[i] = (long) Math.floor(n * fractions[i]);
            used += lengths[i];
        }
        for (long r = 0; r < n - used; r++) lengths[(int) (r % lengths.length)]++;
        return lengths;
    }
}
