package org.tensorshell;

import org.tensorshell.core.Shapes;

/** Backward formulas of the reductions, scans and softmax (recorded where the forward finishes). */
final class ReduceGrad {
    private ReduceGrad() {}

    /** g of a reduction's output shape brought back to the input's shape (unsqueezed, then expanded). */
    static Tensor expandBack(Tensor g, int[] inShape, boolean[] red, boolean keepdim) {
        if (!keepdim) g = g.reshape(Shapes.toLong(Reduce.outShape(inShape, red, true)));
        return g.expand(Shapes.toLong(inShape));
    }

    static Tensor sum(Tensor x, boolean[] red, boolean keepdim, Tensor out) {
        if (!Autograd.needed(x)) return out;
        int[] shape = x.shape;
        return Autograd.record("SumBackward", out, Autograd.of(x), Autograd.NONE,
            (g, s) -> new Tensor[] {expandBack(g, shape, red, keepdim)});
    }

    static Tensor mean(Tensor x, boolean[] red, boolean keepdim, Tensor out) {
        if (!Autograd.needed(x)) return out;
        int[] shape = x.shape;
        double n = Reduce.reducedCount(shape, red);
        return Autograd.record("MeanBackward", out, Autograd.of(x), Autograd.NONE,
            (g, s) -> new Tensor[] {expandBack(g.div(n), shape, red, keepdim)});
    }

    /** d prod / dx_i = prod of the others: out / x_i without zeros; with one zero only it gets a gradient. */
    static Tensor prod(Tensor x, boolean[] red, boolean keepdim, Tensor out) {
        if (!Autograd.needed(x)) return out;
        return Autograd.record("ProdBackward", out, Autograd.of(x), Autograd.of(x, out), (g, s) -> {
            Tensor xs = s[0];
            Tensor ge = expandBack(g, xs.shape, red, keepdim);
            Tensor oe = expandBack(s[1], xs.shape, red, keepdim);
            Tensor zero = xs.eq(0.0);
            Tensor zeros = Reduce.sum(zero, red, true, null);
            Tensor others = Reduce.prod(xs.where(zero.logicalNot(), 1.0), red, true, null).expand(Shapes.toLong(xs.shape));
            Tensor safe = xs.where(zero.logicalNot(), 1.0);
            Tensor noZero = ge.mul(oe).div(safe);
            Tensor oneZero = ge.mul(others).where(zero.logicalAnd(zeros.eq(1.0)), 0.0);
            return new Tensor[] {noZero.where(zero.logicalNot(), oneZero)};
        });
    }

    /** max()/min()/amax/amin: the gradient is shared equally by the elements equal to the result. */
    static Tensor extreme(Tensor x, boolean[] red, boolean keepdim, Tensor out) {
        if (!Autograd.needed(x)) return out;
        return Autograd.record("AmaxBackward", out, Autograd.of(x), Autograd.of(x, out), (g, s) -> {
            Tensor mask = s[0].eq(expandBack(s[1], s[0].shape, red, keepdim)).to(g.dtype());
            Tensor count = Reduce.sum(mask, red, true, null);
            return new Tensor[] {expandBack(g, s[0].shape, red, keepdim).mul(mask).div(count)};
        });
    }

    /** max(dim)/min(dim) values: the gradient goes to the selected index. */
    static ValuesIndices withIndices(Tensor x, int dim, boolean keepdim, ValuesIndices r) {
        if (!Autograd.needed(x)) return r;
        int[] shape = x.shape;
        int d = Shapes.dim("max", dim, x.dim());
        Tensor idx = keepdim ? r.indices() : r.indices().unsqueeze(d);
        Autograd.record("MaxBackward", r.values(), Autograd.of(x), Autograd.NONE, (g, s) -> {
            Tensor gk = keepdim ? g : g.unsqueeze(d);
            return new Tensor[] {Torch.zeros(Shapes.toLong(shape), g.dtype()).scatter(d, idx, gk)};
        });
        return r;
    }

    static Tensor varStd(boolean std, Tensor x, boolean[] red, double correction, boolean keepdim, Tensor out) {
        if (!Autograd.needed(x)) return out;
        double div = Math.max(0, Reduce.reducedCount(x.shape, red) - correction);
        return Autograd.record(std ? "StdBackward" : "VarBackward", out, Autograd.of(x), Autograd.of(x, out), (g, s) -> {
            Tensor dev = s[0].sub(Reduce.mean(s[0], red, true, null));
            Tensor ge = expandBack(g, s[0].shape, red, keepdim);
            // d var = 2 (x - mean) / (n - c);  d std = (x - mean) / ((n - c) std)
            Tensor r;
            if (std) { // where std == 0 the gradient is 0, as in PyTorch (not 0/0)
                Tensor se = expandBack(s[1], s[0].shape, red, keepdim);
                // dividing by 1 where std == 0 keeps the double backward finite there too (0, as PyTorch)
                Tensor nonzero = se.ne(0.0);
                Tensor safe = se.where(nonzero, 1.0);
                r = ge.mul(dev).div(safe.mul(div)).where(nonzero, 0.0);
            } else {
                r = ge.mul(dev).mul(2.0 / div);
            }
            return new Tensor[] {r};
        });
    }

    static Tensor norm(Tensor x, double p, boolean[] red, boolean keepdim, Tensor out) {
        if (!Autograd.needed(x)) return out;
        return Autograd.record("NormBackward", out, Autograd.of(x), Autograd.of(x, out), (g, s) -> {
            Tensor xs = s[0];
            Tensor ge = expandBack(g, xs.shape, red, keepdim);
            Tensor ne = expandBack(s[1], xs.shape, red, keepdim);
            Tensor r;
            if (p == 0) {
                r = ge.mul(0.0);
            } else if (p == 1) {
                r = ge.mul(xs.sign());
            } else if (p == 2) {
                r = ge.mul(xs).div(ne).where(ne.ne(0.0), 0.0);            // x / ||x||
            } else if (Double.isInfinite(p)) {
                Tensor mask = xs.abs().eq(ne).to(g.dtype());
                r = ge.mul(xs.sign()).mul(mask).div(Reduce.sum(mask, red, true, null));
            } else {                                                      // x |x|^(p-2) / ||x||^(p-1)
                r = ge.mul(xs).mul(xs.abs().pow(p - 2)).div(ne.pow(p - 1)).where(ne.ne(0.0), 0.0);
            }
            return new Tensor[] {r};
        });
    }

    static Tensor logsumexp(Tensor x, boolean[] red, boolean keepdim, Tensor out) {
        if (!Autograd.needed(x)) return out;
        return Autograd.record("LogsumexpBackward", out, Autograd.of(x), Autograd.of(x, out), (g, s) -> new Tensor[] {
            expandBack(g, s[0].shape, red, keepdim).mul(s[0].sub(expandBack(s[1], s[0].shape, red, keepdim)).exp())});
    }

    static Tensor softmax(Tensor x, int dim, boolean log, Tensor out) {
        if (!Autograd.needed(x)) return out;
        int d = x.dim() == 0 ? 0 : Shapes.dim("softmax", dim, x.dim());
        if (x.dim() == 0) {
            return Autograd.record(log ? "LogSoftmaxBackward" : "SoftmaxBackward", out, Autograd.of(x), Autograd.NONE,
                (g, s) -> new Tensor[] {g.mul(0.0)});
        }
        return Autograd.record(log ? "LogSoftmaxBackward" : "SoftmaxBackward", out, Autograd.of(x), Autograd.of(out),
            (g, s) -> new Tensor[] {log
                ? g.sub(s[0].exp().mul(g.sum(d, true)))                        // g - softmax * sum(g)
                : s[0].mul(g.sub(g.mul(s[0]).sum(d, true)))});                 // y (g - sum(g y))
    }

    static Tensor scan(Tensor x, int dim, boolean product, Tensor out) {
        if (!Autograd.needed(x) || !out.isFloatingPoint()) return out;
        if (x.dim() == 0) {
            return Autograd.record(product ? "CumprodBackward" : "CumsumBackward", out, Autograd.of(x), Autograd.NONE,
                (g, s) -> new Tensor[] {g});
        }
        int d = Shapes.dim("cumsum", dim, x.dim());
        if (!product) {
            return Autograd.record("CumsumBackward", out, Autograd.of(x), Autograd.NONE,
                (g, s) -> new Tensor[] {g.flip(d).cumsum(d).flip(d)});
        }
        // without zeros: d out_j / d x_i = out_j / x_i for j >= i
        return Autograd.record("CumprodBackward", out, Autograd.of(x), Autograd.of(x, out),
            (g, s) -> new Tensor[] {g.mul(s[1]).flip(d).cumsum(d).flip(d).div(s[0])});
    }
}
