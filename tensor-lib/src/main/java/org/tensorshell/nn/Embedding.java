package org.tensorshell.nn;

import org.tensorshell.GradMode;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.TensorError;
import org.tensorshell.nn.functional.F;
import org.tensorshell.nn.init.Init;

/** A lookup table [numEmbeddings, embeddingDim] ~ N(0, 1); the paddingIdx row starts at zero and gets no gradient. */
public class Embedding extends Module {
    public final long numEmbeddings, embeddingDim;
    public final Long paddingIdx;
    public Parameter weight;

    public Embedding(long numEmbeddings, long embeddingDim) { this(numEmbeddings, embeddingDim, null); }

    public Embedding(long numEmbeddings, long embeddingDim, Long paddingIdx) {
        if (paddingIdx != null) {
            if (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings) {
                throw new TensorError("Embedding: Padding_idx must be within num_embeddings");
            }
            if (paddingIdx < 0) paddingIdx += numEmbeddings;
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.paddingIdx = paddingIdx;
        this.weight = param(numEmbeddings, embeddingDim);
        resetParameters();
    }

    public void resetParameters() {
        Init.normal_(weight);
        if (paddingIdx != null) {
            try (GradMode g = Torch.noGrad()) {
                weight.select(0, paddingIdx).fill_(0);
            }
        }
    }

    @Override
    public Tensor forward(Tensor indices) { return traced(indices, F.embedding(indices, weight, paddingIdx)); }

    @Override
    public String extraRepr() {
        return numEmbeddings + ", " + embeddingDim + (paddingIdx != null ? ", padding_idx=" + paddingIdx : "");
    }
}
