package org.tensorshell.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorshell.DType;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.TensorError;

/**
 * PyTorch's {@code default_collate} for the item types a Java dataset returns: a {@link Sample}, a
 * {@link Tensor}, a {@code Tensor[]}, an {@code Object[]} or {@code List} of tensors and numbers, or a bare
 * number. Position {@code k} of every item is stacked along a new dim 0; numbers become a 1-D tensor
 * (int64 for integers, float64 for floating values, bool for booleans, as {@code default_collate} does).
 */
public final class Collate {
    private Collate() {}

    /** Collates {@code items} into one batch. */
    public static Batch defaultCollate(List<?> items) {
        if (items.isEmpty()) throw new TensorError("default_collate: expected a non-empty list of items");
        List<?> first = elements(items.get(0));
        int width = first.size();
        List<List<Object>> columns = new ArrayList<>(width);
        for (int k = 0; k < width; k++) columns.add(new ArrayList<>(items.size()));
        for (int i = 0; i < items.size(); i++) {
            List<?> e = elements(items.get(i));
            if (e.size() != width) {
                throw new TensorError("default_collate: each element in list of batch should be of equal size: item 0 has "
                    + width + " elements, item " + i + " has " + e.size());
            }
            for (int k = 0; k < width; k++) columns.get(k).add(e.get(k));
        }
        Tensor[] out = new Tensor[width];
        for (int k = 0; k < width; k++) out[k] = column(columns.get(k), k);
        return new Batch(out);
    }

    private static List<?> elements(Object item) {
        return switch (item) {
            case Sample s -> s.tensors();
            case Batch b -> b.tensors();
            case Tensor t -> List.of(t);
            case Tensor[] ts -> Arrays.asList(ts);
            case Object[] os -> Arrays.asList(os);
            case List<?> l -> l;
            case Number n -> List.of(n);
            case Boolean b -> List.of(b);
            case null -> throw new TensorError("default_collate: a dataset item is null");
            default -> throw new TensorError("default_collate: batch must contain tensors, numbers, Sample, Tensor[] or lists; found "
                + item.getClass().getName() + " (pass a collate function to DataLoader for other item types)");
        };
    }

    private static Tensor column(List<Object> values, int position) {
        Object first = values.get(0);
        if (first instanceof Tensor) {
            List<Tensor> ts = new ArrayList<>(values.size());
            for (Object v : values) {
                if (!(v instanceof Tensor t)) throw mixed(position, first, v);
                ts.add(t);
            }
            try {
                return Torch.stack(ts);
            } catch (TensorError e) {
                throw new TensorError("default_collate: position " + position + " of the items: " + e.getMessage(), e);
            }
        }
        int n = values.size();
        if (first instanceof Boolean) {
            boolean[] b = new boolean[n];
            for (int i = 0; i < n; i++) {
                if (!(values.get(i) instanceof Boolean v)) throw mixed(position, first, values.get(i));
                b[i] = v;
            }
            return Torch.tensor(b);
        }
        boolean floating = false;
        for (Object v : values) {
            if (!(v instanceof Number num)) throw mixed(position, first, v);
            floating |= num instanceof Double || num instanceof Float;
        }
        if (floating) {
            double[] d = new double[n];
            for (int i = 0; i < n; i++) d[i] = ((Number) values.get(i)).doubleValue();
            return Torch.tensor((Object) d, DType.FLOAT64);
        }
        long[] l = new long[n];
        for (int i = 0; i < n; i++) l[i] = ((Number) values.get(i)).longValue();
        return Torch.tensor(l);
    }

    private static TensorError mixed(int position, Object first, Object other) {
        return new TensorError("default_collate: position " + position + " mixes " + kind(first) + " and " + kind(other)
            + " across items; every item must hold the same kind of value there");
    }

    private static String kind(Object o) { return o == null ? "null" : o.getClass().getSimpleName(); }
}
