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
        return Autograd.record(name, r, Autograd.of(a, b), Autograd.of(a, b), (g, s) -> grads(g, s[0], s[1]));
    }

    static Tensor[] grads(Tensor g, Tensor a, Tensor b) {
        if (a.dim() == 1 && b.dim() == 1) return new Tensor[] {g.mul(b), g.mul(a)};
        Tensor a2 = a.dim() == 1 ? a.unsqueeze(0) : a;
        Tensor b2 = b.dim() == 1 ? b.unsqueeze(-1) : b;
        Tensor g2 = g;
        if (a.dim() == 1) g2 = g2.unsqueeze(-2);
        if (b.dim() == 1) g2 = g2.unsqueeze(-1);
        Tensor ga = g2.matmul(b2.mT());
        Tensor gb = a2.mT().matmul(g2);
        if (a.dim() == 1) ga = ga.squeeze(-2);
        if (b.dim() == 1) gb = gb.squeeze(-1);
        return new Tensor[] {ga, gb};
    }

    static Tensor addmm(String name, Tensor input, Tensor a, Tensor b, double beta, double alpha, Tensor r) {
        return Autograd.record(name, r, Autograd.of(input, a, b), Autograd.of(a, b), (g, s) -> {
            Tensor[] ab = grads(g, s[0], s[1]);
            return new Tensor[] {beta == 1 ? g : g.mul(beta), alpha == 1 ? ab[0] : ab[0].mul(alpha),
                alpha == 1 ? ab[1] : ab[1].mul(alpha)};
        });
    }
}
