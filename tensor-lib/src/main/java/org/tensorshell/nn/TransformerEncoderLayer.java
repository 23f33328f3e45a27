package org.tensorshell.nn;

import org.tensorshell.Tensor;
import org.tensorshell.core.TensorError;
import org.tensorshell.nn.functional.F;

/**
 * Self-attention and a feed-forward block, each with a residual connection and LayerNorm (after each block,
 * or before with normFirst), as PyTorch 1.13's TransformerEncoderLayer. Activation "relu" or "gelu".
 */
public class TransformerEncoderLayer extends Module {
    public final boolean normFirst;
    public final String activation;
    private final transient MultiheadAttention selfAttn;
    private final transient Linear linear1, linear2;
    private final transient Dropout dropout, dropout1, dropout2;
    private final transient LayerNorm norm1, norm2;

    public TransformerEncoderLayer(long dModel, int nhead) { this(dModel, nhead, 2048, 0.1, "relu", 1e-5, false, false); }

    public TransformerEncoderLayer(long dModel, int nhead, long dimFeedforward, double dropout, String activation,
                                   double layerNormEps, boolean batchFirst, boolean normFirst) {
        if (!activation.equals("relu") && !activation.equals("gelu")) {
            throw new TensorError("TransformerEncoderLayer: activation should be relu/gelu, not " + activation);
        }
        this.selfAttn = registerModule("self_attn", new MultiheadAttention(dModel, nhead, dropout, true, batchFirst));
        this.linear1 = registerModule("linear1", new Linear(dModel, dimFeedforward));
        this.dropout = registerModule("dropout", new Dropout(dropout));
        this.linear2 = registerModule("linear2", new Linear(dimFeedforward, dModel));
        this.normFirst = normFirst;
        this.norm1 = registerModule("norm1", new LayerNorm(new long[] {dModel}, layerNormEps, true));
        this.norm2 = registerModule("norm2", new LayerNorm(new long[] {dModel}, layerNormEps, true));
        this.dropout1 = registerModule("dropout1", new Dropout(dropout));
        this.dropout2 = registerModule("dropout2", new Dropout(dropout));
        this.activation = activation;
    }

    public MultiheadAttention selfAttn() { return selfAttn; }

    @Override
    public Tensor forward(Tensor src) { return forward(src, null, null); }

    /** srcMask: attention mask [S, S] (or [N*H, S, S]); srcKeyPaddingMask: [N, S], true = padding. */
    public Tensor forward(Tensor src, Tensor srcMask, Tensor srcKeyPaddingMask) {
        Tensor x = src;
        if (normFirst) {
            x = x.add(saBlock(norm1.forward(x), srcMask, srcKeyPaddingMask));
            x = x.add(ffBlock(norm2.forward(x)));
        } else {
            x = norm1.forward(x.add(saBlock(x, srcMask, srcKeyPaddingMask)));
            x = norm2.forward(x.add(ffBlock(x)));
        }
        return traced(src, srcMask, srcKeyPaddingMask, x);
    }

    private Tensor saBlock(Tensor x, Tensor mask, Tensor keyPadding) {
        return dropout1.forward(selfAttn.forward(x, x, x, keyPadding, false, mask, true).output());
    }

    private Tensor ffBlock(Tensor x) {
        Tensor h = linear1.forward(x);
        h = activation.equals("relu") ? F.relu(h) : F.gelu(h);
        return dropout2.forward(linear2.forward(dropout.forward(h)));
    }
}
