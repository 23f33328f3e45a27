package org.tensorshell.core;

/**
 * The one exception a user mistake raises: its message names the op, the operands' shapes, dtypes or
 * devices and what would have been valid. Unchecked, like every exception of the public API.
 */
public class TensorError extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public TensorError(String message) { super(message); }

    public TensorError(String message, Throwable cause) { super(message, cause); }
}
