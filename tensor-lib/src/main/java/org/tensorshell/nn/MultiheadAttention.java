package org.tensorshell.nn;

import org.tensorshell.DType;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.TensorError;
import org.tensorshell.nn.functional.F;
import org.tensorshell.nn.init.Init;

/**
 * Multi-head scaled dot-product attention (PyTorch 1.13's {@code F.multi_head_attention_forward}, same
 * embedding size for query, key and value). Inputs are [L, N, E] ([N, L, E] with batchFirst) or unbatched
 * [L, E]. Masks: {@code attnMask} [L, S] or [N*H, L, S], bool (true = not allowed) or float (added);
 * {@code keyPaddingMask} [N, S] bool (true = ignore that key). Parameters carry PyTorch's names
 * (in_proj_weight, in_proj_bias, out_proj.weight, out_proj.bias).
 */
public class MultiheadAttention extends Module {
    public final long embedDim;
    public final int numHeads;
    public final double dropout;
    public final boolean batchFirst;
    private final transient NonDynamicallyQuantizableLinear outProj;

    /** The attention output and the attention weights ([N, L, S] averaged over heads, or [N, H, L, S]; null when not asked). */
    public record Output(Tensor output, Tensor weights) {}

    public MultiheadAttention(long embedDim, int numHeads) { this(embedDim, numHeads, 0.0, true, false); }

    public MultiheadAttention(long embedDim, int numHeads, double dropout, boolean bias, boolean batchFirst) {
        if (embedDim % numHeads != 0) throw new TensorError("MultiheadAttention: embed_dim must be divisible by num_heads");
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.dropout = dropout;
        this.batchFirst = batchFirst;
        registerParameter("in_proj_weight", new Parameter(Torch.empty(3 * embedDim, embedDim)));
        registerParameter("in_proj_bias", bias ? new Parameter(Torch.zeros(3 * embedDim)) : null);
        outProj = registerModule("out_proj", new NonDynamicallyQuantizableLinear(embedDim, embedDim, bias));
        Init.xavierUniform_(parameter("in_proj_weight"));
        if (bias) Init.zeros_(outProj.bias);
    }

    public Tensor inProjWeight() { return parameter("in_proj_weight"); }

    public Tensor inProjBias() { return parameter("in_proj_bias"); }

    public Linear outProj() { return outProj; }

    /** Self-attention output only. */
    @Override
    public Tensor forward(Tensor x) { return forward(x, x, x, null, false, null, true).output(); }

    public Output forward(Tensor query, Tensor key, Tensor value) { return forward(query, key, value, null, true, null, true); }

    public Output forward(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, boolean needWeights, Tensor attnMask,
                          boolean averageAttnWeights) {
        Output out = attend(query, key, value, keyPaddingMask, needWeights, attnMask, averageAttnWeights);
        traced(query, key, value, out.output());
        return out;
    }

    private Output attend(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, boolean needWeights, Tensor attnMask,
                          boolean averageAttnWeights) {
        boolean unbatched = query.dim() == 2;
        if (!unbatched && query.dim() != 3) {
            throw new TensorError("MultiheadAttention: query should be unbatched 2D or batched 3D tensor but received "
                + query.dim() + "-D query tensor");
        }
        if (unbatched) {
            query = query.unsqueeze(1);
            key = key.unsqueeze(1);
            value = value.unsqueeze(1);
            if (keyPaddingMask != null) keyPaddingMask = keyPaddingMask.unsqueeze(0);
        } else if (batchFirst) {
            query = query.transpose(0, 1);
            key = key.transpose(0, 1);
            value = value.transpose(0, 1);
        }
        long l = query.size(0), n = query.size(1), e = query.size(2), s = key.size(0), hd = embedDim / numHeads;
        if (e != embedDim) {
            throw new TensorError("MultiheadAttention: was expecting embedding dimension of " + embedDim + ", but got " + e);
        }
        Tensor w = inProjWeight(), b = inProjBias();
        Tensor q = F.linear(query, w.narrow(0, 0, embedDim), b == null ? null : b.narrow(0, 0, embedDim));
        Tensor k = F.linear(key, w.narrow(0, embedDim, embedDim), b == null ? null : b.narrow(0, embedDim, embedDim));
        Tensor v = F.linear(value, w.narrow(0, 2 * embedDim, embedDim), b == null ? null : b.narrow(0, 2 * embedDim, embedDim));
        // [L, N, E] -> [N*H, L, hd]
        q = q.reshape(l, n * numHeads, hd).transpose(0, 1);
        k = k.reshape(s, n * numHeads, hd).transpose(0, 1);
        v = v.reshape(s, n * numHeads, hd).transpose(0, 1);
        Tensor mask = mergedMask(attnMask, keyPaddingMask, n, l, s, q.dtype());
        q = q.div(Math.sqrt(hd));
        Tensor scores = mask == null ? q.bmm(k.transpose(1, 2)) : mask.baddbmm(q, k.transpose(1, 2));
        Tensor attn = scores.softmax(-1);
        if (training && dropout > 0) attn = F.dropout(attn, dropout, true);
        Tensor out = attn.bmm(v).transpose(0, 1).contiguous().view(l * n, embedDim);
        out = outProj.forward(out).view(l, n, embedDim);
        Tensor weights = null;
        if (needWeights) {
            weights = attn.view(n, numHeads, l, s);
            if (averageAttnWeights) weights = weights.mean(1);
            if (unbatched) weights = weights.squeeze(0);
        }
        if (unbatched) out = out.squeeze(1);
        else if (batchFirst) out = out.transpose(0, 1);
        return new Output(out, weights);
    }

    /** One additive float mask [L, S] or [N*H, L, S] (or [N*H, 1, S]) with -inf where attention is not allowed. */
    private Tensor mergedMask(Tensor attnMask, Tensor keyPaddingMask, long n, long l, long s, DType dt) {
        Tensor mask = null;
        if (attnMask != null) {
            boolean ok = attnMask.dim() == 2 ? attnMask.size(0) == l && attnMask.size(1) == s
                : attnMask.dim() == 3 && attnMask.size(0) == n * numHeads && attnMask.size(1) == l && attnMask.size(2) == s;
            if (!ok) {
                throw new TensorError("MultiheadAttention: The shape of attn_mask " + java.util.Arrays.toString(attnMask.shape())
                    + " should be [" + l + ", " + s + "] or [" + n * numHeads + ", " + l + ", " + s + "]");
            }
            mask = attnMask.dtype() == DType.BOOL ? Torch.zeros(attnMask.shape(), dt).maskedFill(attnMask, Double.NEGATIVE_INFINITY)
                : attnMask.to(dt);
            if (mask.dim() == 2) mask = mask.unsqueeze(0);
        }
        if (keyPaddingMask != null) {
            if (keyPaddingMask.dim() != 2 || keyPaddingMask.size(0) != n || keyPaddingMask.size(1) != s) {
                throw new TensorError("MultiheadAttention: expecting key_padding_mask shape of [" + n + ", " + s + "], but got "
                    + java.util.Arrays.toString(keyPaddingMask.shape()));
            }
            Tensor kp = keyPaddingMask.view(n, 1, 1, s).expand(n, numHeads, 1, s).reshape(n * numHeads, 1, s);
            Tensor kpf = kp.dtype() == DType.BOOL ? Torch.zeros(kp.shape(), dt).maskedFill(kp, Double.NEGATIVE_INFINITY) : kp.to(dt);
            mask = mask == null ? kpf : mask.add(kpf);
        }
        return mask;
    }
}
