package org.tensorshell.nn;

import org.tensorshell.Tensor;
import org.tensorshell.core.TensorError;
import org.tensorshell.nn.functional.F;

/** Elman RNN: h' = tanh(W_ih x + b_ih + W_hh h + b_hh) (or relu). */
public class RNN extends RNNBase {
    public final String nonlinearity;

    public RNN(long inputSize, long hiddenSize) { this(inputSize, hiddenSize, 1, "tanh", true, false, 0, false); }

    public RNN(long inputSize, long hiddenSize, int numLayers, String nonlinearity, boolean bias, boolean batchFirst, double dropout,
               boolean bidirectional) {
        super(1, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional);
        if (!nonlinearity.equals("tanh") && !nonlinearity.equals("relu")) {
            throw new TensorError("RNN: Unknown nonlinearity '" + nonlinearity + "'. Select from 'tanh' or 'relu'.");
        }
        this.nonlinearity = nonlinearity;
    }

    @Override
    protected Tensor[] cell(Tensor xw, Tensor h, Tensor c, Tensor whh, Tensor bhh) {
        Tensor pre = xw.add(F.linear(h, whh, bhh));
        return new Tensor[] {nonlinearity.equals("tanh") ? pre.tanh() : pre.relu(), c};
    }
}
