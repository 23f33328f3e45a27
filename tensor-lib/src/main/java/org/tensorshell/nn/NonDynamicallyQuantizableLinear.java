package org.tensorshell.nn;

/** The output projection of {@link MultiheadAttention}: a Linear under the name PyTorch prints for it. */
public class NonDynamicallyQuantizableLinear extends Linear {
    public NonDynamicallyQuantizableLinear(long in, long out, boolean bias) { super(in, out, bias); }
}
