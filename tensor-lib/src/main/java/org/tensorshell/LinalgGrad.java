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
        boolean needA = a.requiresGrad(), needB = b.requiresGrad();
        int da = a.dim(), db = b.dim();
        // gA reads B and gB reads A: save only what a needed gradient reads (an input batch needs none)
        return Autograd.record(name, r, Autograd.of(a, b), Autograd.of(needB ? a : null, needA ? b : null),
            (g, s) -> grads(g, s[0], s[1], da, db, needA, needB));
    }

    static Tensor[] grads(Tensor g, Tensor a, Tensor b, int da, int db, boolean needA, boolean needB) {
        if (da == 1 && db == 1) return new Tensor[] {needA ? g.mul(b) : null, needB ? g.mul(a) : null};
        Tensor g2 = g;
        if (da == 1) g2 = g2.unsqueeze(-2);
        if (db == 1) g2 = g2.unsqueeze(-1);
        Tensor ga = null, gb = null;
        if (needA) {
            Tensor b2 = db == 1 ? b.unsqueeze(-1) : b;
            ga = g2.matmul(b2.mT());
            if (da == 1) ga = ga.squeeze(-2);
        }
        if (needB) {
            Tensor a2 = da == 1 ? a.unsqueeze(0) : a;
            gb = a2.mT().matmul(g2);
            if (db == 1) gb = gb.squeeze(-1);
        }
        return new Tensor[] {ga, gb};
    }

    static Tensor addmm(String name, Tensor input, Tensor a, Tensor b, double beta, double alpha, Tensor r) {
        boolean needA = a.requiresGrad(), needB = b.requiresGrad();
        return Autograd.record(name, r, Autograd.of(input, a, b), Autograd.of(needB ? a : null, needA ? b : null), (g, s) -> {
            Tensor[] ab = grads(g, s[0], s[1], a.dim(), b.dim(), needA, needB);
            return new Tensor[] {beta == 1 ? g : g.mul(beta),
                ab[0] == null || alpha == 1 ? ab[0] : ab[0].mul(alpha), ab[1] == null || alpha == 1 ? ab[1] : ab[1].mul(alpha)};
        });
    }
}
