package org.tensorshell.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.tensorshell.Torch.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorshell.DType;
import org.tensorshell.Node;
import org.tensorshell.Tensor;

/** The read-only view of a graph node that drawGraph uses: input shapes and dtypes, a leaf's tensor. */
class NodeIntrospectionTest {
    @Test
    void opNodesReportTheirInputsAndLeavesTheirTensor() {
        Tensor w = randn(3, 4).requiresGrad_(true);
        Tensor x = randn(2, 3);
        Node mm = x.matmul(w).gradFn();
        List<Node> next = mm.nextFunctions();
        assertEquals(2, next.size());
        assertNull(next.get(0), "x does not require grad");
        assertNull(mm.inputShape(0));
        assertNull(mm.inputDType(0));
        assertArrayEquals(new long[] {3, 4}, mm.inputShape(1));
        assertEquals(DType.FLOAT32, mm.inputDType(1));
        assertEquals("AccumulateGrad", next.get(1).name());
        assertSame(w, next.get(1).variable());
        assertNull(mm.variable(), "an op node has no variable");

        mm.inputShape(1)[0] = 99; // a copy: the node is read-only from outside
        assertArrayEquals(new long[] {3, 4}, mm.inputShape(1));
    }
}
