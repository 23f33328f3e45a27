package org.tensorshell.diff;

import java.util.List;
import java.util.function.Function;
import org.tensorshell.Tensor;

/**
 * One differential case: inputs, the op in Java and the same op as a Python expression over
 * {@code x[0], x[1], ...}. The Java function returns a Tensor, a record/array/list of Tensors.
 */
public record DiffCase(String name, List<Input> inputs, Function<List<Tensor>, Object> java, String py) {

    /** An input: contiguous data of a dtype and shape, then optionally a view in both languages. */
    public record Input(Tensor base, Function<Tensor, Tensor> javaView, String pyView) {
        public Tensor build() { return javaView == null ? base.clone() : javaView.apply(base.clone()); }
    }
}
