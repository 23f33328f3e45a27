package org.tensorshell.nn;

import java.util.function.Supplier;
import org.tensorshell.Tensor;
import org.tensorshell.core.TensorError;

/**
 * A stack of numLayers encoder layers (and an optional final norm). As PyTorch deep-copies its layer, every
 * layer starts with the same weights: the first one's state is loaded into the others.
 */
public class TransformerEncoder extends Module {
    public final int numLayers;
    private final transient ModuleList layers;
    private final transient Module norm;

    public TransformerEncoder(Supplier<TransformerEncoderLayer> layer, int numLayers) { this(layer, numLayers, null); }

    public TransformerEncoder(Supplier<TransformerEncoderLayer> layer, int numLayers, Module norm) {
        if (numLayers <= 0) throw new TensorError("TransformerEncoder: num_layers must be positive, got " + numLayers);
        this.numLayers = numLayers;
        this.layers = registerModule("layers", new ModuleList());
        TransformerEncoderLayer first = layer.get();
        layers.append(first);
        for (int i = 1; i < numLayers; i++) {
            TransformerEncoderLayer copy = layer.get();
            copy.loadStateDict(first.stateDict());
            layers.append(copy);
        }
        this.norm = norm == null ? null : registerModule("norm", norm);
    }

    public TransformerEncoderLayer layer(int i) { return (TransformerEncoderLayer) layers.get(i); }

    @Override
    public Tensor forward(Tensor src) { return forward(src, null, null); }

    public Tensor forward(Tensor src, Tensor mask, Tensor srcKeyPaddingMask) {
        Tensor x = src;
        for (Module m : layers) x = ((TransformerEncoderLayer) m).forward(x, mask, srcKeyPaddingMask);
        return traced(src, mask, srcKeyPaddingMask, norm == null ? x : norm.forward(x));
    }
}
