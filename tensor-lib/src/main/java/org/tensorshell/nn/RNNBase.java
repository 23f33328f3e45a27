package org.tensorshell.nn;

import java.util.ArrayList;
import java.util.List;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.TensorError;
import org.tensorshell.nn.functional.F;
import org.tensorshell.nn.init.Init;

/**
 * Recurrent layers (RNN, LSTM, GRU) with PyTorch 1.13's gate equations, parameter names
 * (weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, ..._reverse) and initialisation U(-1/sqrt(H), 1/sqrt(H)).
 * Input [L, N, in] ([N, L, in] with batchFirst, or unbatched [L, in]); the sequence runs step by step through
 * recorded ops, after one product for the input projections of all steps.
 */
public abstract class RNNBase extends Module {
    public final long inputSize, hiddenSize;
    public final int numLayers;
    public final boolean bias, batchFirst, bidirectional;
    public final double dropout;

    /** output [L, N, D*H] (batch first or unbatched like the input); hN (and cN for LSTM) [D*layers, N, H]. */
    public record Output(Tensor output, Tensor hN, Tensor cN) {}

    protected RNNBase(int gates, long inputSize, long hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout,
                      boolean bidirectional) {
        if (dropout < 0 || dropout > 1) throw new TensorError("dropout should be a number in range [0, 1]");
        if (hiddenSize <= 0) throw new TensorError("hidden_size must be greater than zero");
        if (numLayers <= 0) throw new TensorError("num_layers must be greater than zero");
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.bias = bias;
        this.batchFirst = batchFirst;
        this.dropout = dropout;
        this.bidirectional = bidirectional;
        int dirs = bidirectional ? 2 : 1;
        for (int l = 0; l < numLayers; l++) {
            for (int d = 0; d < dirs; d++) {
                String sfx = "_l" + l + (d == 1 ? "_reverse" : "");
                long in = l == 0 ? inputSize : hiddenSize * dirs;
                registerParameter("weight_ih" + sfx, new Parameter(Torch.empty(gates * hiddenSize, in)));
                registerParameter("weight_hh" + sfx, new Parameter(Torch.empty(gates * hiddenSize, hiddenSize)));
                if (bias) {
                    registerParameter("bias_ih" + sfx, new Parameter(Torch.empty(gates * hiddenSize)));
                    registerParameter("bias_hh" + sfx, new Parameter(Torch.empty(gates * hiddenSize)));
                }
            }
        }
        resetParameters();
    }

    public void resetParameters() {
        double std = 1 / Math.sqrt(hiddenSize);
        for (Tensor p : parameters()) Init.uniform_(p, -std, std);
    }

    /** One step: the new (h, c) from the input projection xw (bias included) and the previous (h, c). */
    protected abstract Tensor[] cell(Tensor xw, Tensor h, Tensor c, Tensor whh, Tensor bhh);

    protected boolean hasCellState() { return false; }

    @Override
    public Tensor forward(Tensor input) { return forward(input, null, null).output(); }

    public Output forward(Tensor input, Tensor h0) { return forward(input, h0, null); }

    public Output forward(Tensor input, Tensor h0, Tensor c0) {
        Output out = run(input, h0, c0);
        traced(input, h0, c0, out.output());
        return out;
    }

    private Output run(Tensor input, Tensor h0, Tensor c0) {
        boolean unbatched = input.dim() == 2;
        if (input.dim() != 2 && input.dim() != 3) {
            throw new TensorError(name() + ": Expected input to be 2D or 3D, got " + input.dim() + "D instead");
        }
        Tensor x = unbatched ? input.unsqueeze(1) : batchFirst ? input.transpose(0, 1) : input;
        if (x.size(2) != inputSize) {
            throw new TensorError(name() + ": input.size(-1) must be equal to input_size. Expected " + inputSize + ", got " + x.size(2));
        }
        int dirs = bidirectional ? 2 : 1;
        long n = x.size(1);
        long[] hShape = {(long) numLayers * dirs, n, hiddenSize};
        if (unbatched) {
            if (h0 != null) h0 = h0.unsqueeze(1);
            if (c0 != null) c0 = c0.unsqueeze(1);
        }
        for (Tensor s : new Tensor[] {h0, c0}) {
            if (s != null && !java.util.Arrays.equals(s.shape(), hShape)) {
                throw new TensorError(name() + ": Expected hidden size " + java.util.Arrays.toString(hShape) + ", got "
                    + java.util.Arrays.toString(s.shape()));
            }
        }
        Tensor zeros = Torch.zeros(hShape, x.dtype());
        if (h0 == null) h0 = zeros;
        if (c0 == null) c0 = zeros;
        List<Tensor> hs = new ArrayList<>(), cs = new ArrayList<>();
        for (int l = 0; l < numLayers; l++) {
            List<Tensor> outs = new ArrayList<>();
            for (int d = 0; d < dirs; d++) {
                String sfx = "_l" + l + (d == 1 ? "_reverse" : "");
                Tensor[] r = direction(x, d == 1, parameter("weight_ih" + sfx), parameter("weight_hh" + sfx),
                    bias ? parameter("bias_ih" + sfx) : null, bias ? parameter("bias_hh" + sfx) : null,
                    h0.select(0, (long) l * dirs + d), c0.select(0, (long) l * dirs + d));
                outs.add(r[0]);
                hs.add(r[1]);
                cs.add(r[2]);
            }
            x = dirs == 1 ? outs.get(0) : Torch.cat(outs, 2);
            if (dropout > 0 && training && l < numLayers - 1) x = F.dropout(x, dropout, true);
        }
        Tensor hN = Torch.stack(hs, 0), cN = hasCellState() ? Torch.stack(cs, 0) : null;
        if (unbatched) {
            x = x.squeeze(1);
            hN = hN.squeeze(1);
            if (cN != null) cN = cN.squeeze(1);
        } else if (batchFirst) {
            x = x.transpose(0, 1);
        }
        return new Output(x, hN, cN);
    }

    /** Runs one direction of one layer: {output [L, N, H], last h, last c}. */
    private Tensor[] direction(Tensor x, boolean reverse, Tensor wih, Tensor whh, Tensor bih, Tensor bhh, Tensor h, Tensor c) {
        long len = x.size(0);
        Tensor xw = F.linear(x, wih, bih);
        Tensor[] outs = new Tensor[(int) len];
        for (long i = 0; i < len; i++) {
            long t = reverse ? len - 1 - i : i;
            Tensor[] hc = cell(xw.select(0, t), h, c, whh, bhh);
            h = hc[0];
            c = hc[1];
            outs[(int) t] = h;
        }
        Tensor out = len == 0 ? Torch.zeros(new long[] {0, x.size(1), hiddenSize}, x.dtype()) : Torch.stack(List.of(outs), 0);
        return new Tensor[] {out, h, c};
    }

    @Override
    public String extraRepr() {
        StringBuilder s = new StringBuilder(inputSize + ", " + hiddenSize);
        if (numLayers != 1) s.append(", num_layers=").append(numLayers);
        if (!bias) s.append(", bias=False");
        if (batchFirst) s.append(", batch_first=True");
        if (dropout != 0) s.append(", dropout=").append(Repr.pyFloat(dropout));
        if (bidirectional) s.append(", bidirectional=True");
        return s.toString();
    }
}
