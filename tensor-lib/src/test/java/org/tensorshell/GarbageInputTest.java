package org.tensorshell;

import static org.junit.jupiter.api.Assertions.*;
import static org.tensorshell.Torch.*;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorshell.core.TensorError;

/**
 * Feeds every public method of Tensor and Torch garbage: wrong shapes, empty and zero-size tensors,
 * non-contiguous and aliased arguments, negative, huge and NaN numbers, bad strings. A call may return or
 * raise TensorError, nothing else: no IndexOutOfBounds, NullPointer, ClassCast or JVM crash.
 */
class GarbageInputTest {

    private static Object[] tensors() {
        Tensor m = arange(12.0).view(3, 4);
        Tensor a = randn(2, 3);
        return new Object[] {
            zeros(0), zeros(2, 0, 3), tensor((Object) 1.5), randn(5), m, m.t(), randint(-3, 3, 3, 4),
            randn(3, 4).gt(0), tensor(1, 0, 2), a, a.t(), randn(1, 3).expand(4, 3), tensor(Double.NaN, Double.POSITIVE_INFINITY),
            randn(2, 1, 4), zeros(new long[] {3}, INT32), arange(4.0).slice(0, 0, 4, 2), randn(2, 2, 2, 2, 2),
            // autograd paths: a leaf requiring grad, a non-leaf, and a view of a non-leaf
            randn(3, 4).requiresGrad_(true), randn(3, 4).requiresGrad_(true).mul(2.0),
            randn(4, 3).requiresGrad_(true).exp().t(),
        };
    }

    // Null arguments are left out: they raise Java's own NullPointerException, which names the variable.
    private static Object[] pool(Class<?> type, Object[] ts) {
        if (type == Tensor.class) return ts;
        if (type == int.class || type == Integer.class) return new Object[] {0, 1, -1, 2, 3, -5, 100, Integer.MAX_VALUE, Integer.MIN_VALUE};
        if (type == long.class || type == Long.class) return new Object[] {0L, 1L, -1L, 2L, 3L, -7L, 1L << 40, Long.MIN_VALUE};
        if (type == double.class || type == Double.class) return new Object[] {0.0, 1.0, -1.0, 0.5, Double.NaN, 1e300, Double.NEGATIVE_INFINITY};
        if (type == float.class) return new Object[] {0f, 1f, Float.NaN};
        if (type == boolean.class) return new Object[] {true, false};
        if (type == long[].class) return new Object[] {new long[0], new long[] {-1}, new long[] {3, 4}, new long[] {2, -1},
            new long[] {1L << 40, 1L << 40}, new long[] {0}, new long[] {-2, 3}, new long[] {1, 1, 1, 1, 1, 1}};
        if (type == int[].class) return new Object[] {new int[0], new int[] {0}, new int[] {-1, 0}, new int[] {1, 0}, new int[] {5},
            new int[] {0, 0}, new int[] {0, 1, 2, 3, 4, 5}};
        if (type == double[].class) return new Object[] {new double[0], new double[] {1, Double.NaN}};
        if (type == float[].class) return new Object[] {new float[0], new float[] {1}};
        if (type == boolean[].class) return new Object[] {new boolean[0], new boolean[] {true}};
        if (type == String.class) return new Object[] {"", "1:3", "..., -1", "::2", "abc", "0, 0, 0, 0, 0", ":, 5", "::-1", "tanh"};
        if (type == DType.class) return DType.values();
        if (type == Device.class) return new Object[] {Device.CPU, Device.CUDA};
        if (type == Object.class) return new Object[] {"x", 1.0, new double[][] {{1}, {2, 3}}, new Object[] {1}};
        if (type == Generator.class) return new Object[] {new Generator(1)};
        if (type == List.class) {
            Tensor x = randn(2, 3);
            return new Object[] {List.of(), List.of(x), List.of(x, randn(3, 2)), List.of(x, x.t().contiguous().t()),
                List.of(tensor((Object) 1.0)), List.of(x, zeros(0))};
        }
        if (type == Tensor[].class) return new Object[] {new Tensor[0], new Tensor[] {randn(2), randn(3)}};
        return null;
    }

    private static final List<Class<? extends Throwable>> FORBIDDEN = List.of(
        IndexOutOfBoundsException.class, NullPointerException.class, ClassCastException.class,
        NegativeArraySizeException.class, ArithmeticException.class, IllegalStateException.class,
        UnsupportedOperationException.class, StackOverflowError.class, OutOfMemoryError.class);

    @Test
    void everyPublicMethodRejectsGarbageCleanly() {
        assertTimeoutPreemptively(java.time.Duration.ofMinutes(4), this::fuzz,
            "an op looped or crawled on garbage input (see the stack of the main thread)");
    }

    private void fuzz() throws IllegalAccessException {
        List<String> failures = new ArrayList<>();
        int calls = 0;
        Random rng = new Random(1);
        for (Class<?> owner : List.of(Tensor.class, Torch.class)) {
            for (Method m : owner.getMethods()) {
                if (m.getDeclaringClass() != owner || m.getName().equals("wait") || m.getName().equals("notify")) continue;
                boolean isStatic = Modifier.isStatic(m.getModifiers());
                if (isStatic != (owner == Torch.class)) continue;
                if (Arrays.asList("setNumThreads", "manualSeed", "setDefaultDtype", "setPrintOptions").contains(m.getName())) continue;
                Class<?>[] ps = m.getParameterTypes();
                Object[][] pools = new Object[ps.length][];
                boolean ok = true;
                for (int i = 0; i < ps.length; i++) {
                    Class<?> p = ps[i];
                    if (m.isVarArgs() && i == ps.length - 1 && p.getComponentType() == Tensor.class) p = Tensor[].class;
                    pools[i] = pool(p, tensors());
                    if (pools[i] == null) ok = false;
                }
                if (!ok) continue;
                Object[] selves = isStatic ? new Object[] {null} : tensors();
                int combos = 60;
                for (int k = 0; k < combos; k++) {
                    Object self = selves[rng.nextInt(selves.length)];
                    Object[] args = new Object[ps.length];
                    for (int i = 0; i < ps.length; i++) args[i] = pools[i][rng.nextInt(pools[i].length)];
                    calls++;
                    try {
                        m.invoke(self, args);
                    } catch (InvocationTargetException e) {
                        Throwable c = e.getCause();
                        if (c instanceof TensorError) continue;
                        boolean forbidden = FORBIDDEN.stream().anyMatch(f -> f.isInstance(c)) || !(c instanceof IllegalArgumentException);
                        if (forbidden && failures.size() < 40) {
                            failures.add(m.getName() + Arrays.toString(ps) + " self=" + describe(self) + " args="
                                + describeAll(args) + " -> " + c);
                        }
                    }
                }
            }
        }
        assertTrue(calls > 1000, "too few calls: " + calls);
        assertTrue(failures.isEmpty(), failures.size() + " bad reactions:\n" + String.join("\n", failures));
    }

    private static String describeAll(Object[] args) {
        StringBuilder sb = new StringBuilder("(");
        for (Object a : args) sb.append(describe(a)).append(", ");
        return sb.append(")").toString();
    }

    private static String describe(Object o) {
        if (o instanceof Tensor t) return "Tensor" + Arrays.toString(t.shape()) + t.dtype() + (t.isContiguous() ? "" : "(nc)");
        if (o instanceof long[] l) return Arrays.toString(l);
        if (o instanceof int[] l) return Arrays.toString(l);
        return String.valueOf(o);
    }
}
