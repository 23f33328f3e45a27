package org.tensorshell.nn;

import org.tensorshell.Tensor;

/**
 * A tensor that is a module parameter ({@code torch.nn.Parameter}): a leaf sharing {@code data}'s elements
 * that requires grad (unless asked otherwise). Fields of this type in a {@link Module} are its parameters.
 */
public class Parameter extends Tensor {

    public Parameter(Tensor data) { this(data, true); }

    public Parameter(Tensor data, boolean requiresGrad) {
        super(data.detach());
        if (requiresGrad) requiresGrad_(true);
    }

    @Override
    public String toString() { return "Parameter containing:\n" + super.toString(); }
}
