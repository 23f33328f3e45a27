package org.tensorshell.nn;

import java.util.List;
import org.tensorshell.Tensor;

/** LSTM with gates (i, f, g, o): c' = f c + i g, h' = o tanh(c'). */
public class LSTM extends RNNBase {

    public LSTM(long inputSize, long hiddenSize) { this(inputSize, hiddenSize, 1, true, false, 0, false); }

    public LSTM(long inputSize, long hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout, boolean bidirectional) {
        super(4, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional);
    }

    @Override
    protected boolean hasCellState() { return true; }

    @Override
    protected Tensor[] cell(Tensor xw, Tensor h, Tensor c, Tensor whh, Tensor bhh) {
        List<Tensor> g = xw.add(org.tensorshell.nn.functional.F.linear(h, whh, bhh)).chunk(4, 1);
        Tensor i = g.get(0).sigmoid(), f = g.get(1).sigmoid(), gg = g.get(2).tanh(), o = g.get(3).sigmoid();
        Tensor c2 = f.mul(c).add(i.mul(gg));
        return new Tensor[] {o.mul(c2.tanh()), c2};
    }
}
