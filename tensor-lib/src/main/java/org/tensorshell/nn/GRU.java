package org.tensorshell.nn;

import java.util.List;
import org.tensorshell.Tensor;
import org.tensorshell.nn.functional.F;

/** GRU with gates (r, z, n): n = tanh(x_n + r (W_hn h + b_hn)), h' = (1 - z) n + z h. */
public class GRU extends RNNBase {

    public GRU(long inputSize, long hiddenSize) { this(inputSize, hiddenSize, 1, true, false, 0, false); }

    public GRU(long inputSize, long hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout, boolean bidirectional) {
        super(3, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional);
    }

    @Override
    protected Tensor[] cell(Tensor xw, Tensor h, Tensor c, Tensor whh, Tensor bhh) {
        List<Tensor> xg = xw.chunk(3, 1), hg = F.linear(h, whh, bhh).chunk(3, 1);
        Tensor r = xg.get(0).add(hg.get(0)).sigmoid();
        Tensor z = xg.get(1).add(hg.get(1)).sigmoid();
        Tensor n = xg.get(2).add(r.mul(hg.get(2))).tanh();
        return new Tensor[] {z.rsub(1).mul(n).add(z.mul(h)), c};
    }
}
