package org.tensorshell;

/**
 * The pair {@code max(dim)}, {@code min(dim)} and friends return: PyTorch's
 * {@code torch.return_types.max(values=..., indices=...)}. Indices are int64.
 */
public record ValuesIndices(Tensor values, Tensor indices) {
    @Override
    public String toString() {
        return "torch.return_types(\nvalues=" + values + ",\nindices=" + indices + ")";
    }
}
