package org.tensorshell;

import org.tensorshell.core.TensorError;

/** Backward of the matrix products: d(A B) = dA B + A dB, so gA = g B^T and gB = A^T g (batch dims summed). */
final class LinalgGrad {
    private LinalgGrad() {}

    static Tensor product(String name, Tensor out, Tensor a, Tensor b, Tensor r) {
        if (out != null) {
            throw new TensorError("matmul: functions with out=... arguments don't support automatic differentiation, "
                + "but one of the arguments requires grad");
        }
        boolean needA = a.requiresGrad(), needB = b.requiresGrad(), aT = transposedContiguous(a), bT = transposedContiguous(b);
        int da = a.dim(), db = b.dim();
        // gA reads B and gB reads A: save only what a needed gradient reads (an input batch needs none)
        return Autograd.record(name, r, Autograd.of(a, b), Autograd.of(needB ? a : null, needA ? b : null),
            (g, s) -> grads(g, s[0], s[1], da, db, needA, needB, aT, bT));
    }

    /**
     * The gradients of A and B (where needed) for the upstream gradient g; {@code aT} and {@code bT} say that A or
     * B was laid out as the transpose of a contiguous matrix when the product ran (A itself is not kept when only
     * B's gradient is needed).
     */
    static Tensor[] grads(Tensor g, Tensor a, Tensor b, int da, int db, boolean needA, boolean needB, boolean aT, boolean bT) {
        if (da == 1 && db == 1) return new Tensor[] {needA ? g.mul(b) : null, needB ? g.mul(a) : null};
        Tensor g2 = g;
        if (da == 1) g2 = g2.unsqueeze(-2);
        if (db == 1) g2 = g2.unsqueeze(-1);
        Tensor ga = null, gb = null;
        if (needA) {
            Tensor b2 = db == 1 ? b.unsqueeze(-1) : b;
            // a transposed matrix (a weight's .t()) gets its gradient in its own layout, as PyTorch does
            ga = aT && g2.dim() == 2 ? b2.matmul(g2.mT()).mT() : g2.matmul(b2.mT());
            if (da == 1) ga = ga.squeeze(-2);
        }
        if (needB) {
            Tensor a2 = da == 1 ? a.unsqueeze(0) : a;
            // Linear's x @ W.t(): W's gradient then comes back through .t() contiguous, like W, so accumulating it
            // into W.grad is a plain add (a transposed one was read element by element, 13 ms a step for the
            // API.md model's 2.77M weights)
            gb = bT && g2.dim() == 2 ? g2.mT().matmul(a2).mT() : a2.mT().matmul(g2);
            if (db == 1) gb = gb.squeeze(-1);
        }
        return new Tensor[] {ga, gb};
    }

    /** A 2-D matrix laid out as the transpose of a contiguous one (strides 1 and its row count). */
    private static boolean transposedContiguous(Tensor m) {
        return m.dim() == 2 && m.shape[0] > 1 && m.shape[1] > 1 && m.stride[0] == 1 && m.stride[1] == m.shape[0];
    }

    static Tensor addmm(String name, Tensor input, Tensor a, Tensor b, double beta, double alpha, Tensor r) {
        boolean needA = a.requiresGrad(), needB = b.requiresGrad(), aT = transposedContiguous(a), bT = transposedContiguous(b);
        int da = a.dim(), db = b.dim(); // (the closure keeps no operand it does not save)
        return Autograd.record(name, r, Autograd.of(input, a, b), Autograd.of(needB ? a : null, needA ? b : null), (g, s) -> {
            Tensor[] ab = grads(g, s[0], s[1], da, db, needA, needB, aT, bT);
            return new Tensor[] {beta == 1 ? g : g.mul(beta),
                ab[0] == null || alpha == 1 ? ab[0] : ab[0].mul(alpha), ab[1] == null || alpha == 1 ? ab[1] : ab[1].mul(alpha)};
        });
    }
}
