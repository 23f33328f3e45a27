package org.tensorshell.nn;

import org.tensorshell.Tensor;

/**
 * Observes a module's forward ({@code register_forward_hook}): called after the forward has computed its
 * output, on the thread that ran it. Every built-in layer reports its forward; a user-defined module reports
 * when its forward returns {@code traced(input, output)}. Unlike PyTorch, where {@code model(x)} goes through
 * {@code __call__}, a Java model calls {@code layer.forward(x)} directly, so a module whose forward does not
 * report is invisible to hooks. A hook observes; it cannot replace the output.
 */
@FunctionalInterface
public interface ForwardHook {
    /**
     * @param module the module whose forward ran
     * @param inputs the tensors the forward was called with, in order; absent optional ones (an RNN's
     *               initial state, an attention mask) are null
     * @param output the result; layers that return a record (RNN/LSTM/GRU, MultiheadAttention) report the
     *               record's {@code output()} tensor
     */
    void call(Module module, Tensor[] inputs, Tensor output);
}
