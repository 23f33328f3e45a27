package org.tensorshell.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorshell.Tensor;
import org.tensorshell.core.TensorError;

/**
 * A parameter group: tensors plus the options that apply to them (PyTorch's {@code param_groups} entry).
 * Options are mutable, so schedulers change {@code lr} (and momentum) between steps. Values are Double,
 * Boolean or double[] (betas).
 */
public final class ParamGroup {
    private final List<Tensor> params = new ArrayList<>();
    private final LinkedHashMap<String, Object> options = new LinkedHashMap<>();

    /** A group that takes every option from the optimizer's defaults. */
    public ParamGroup(Iterable<? extends Tensor> params) {
        if (params == null) throw new TensorError("ParamGroup: params is null");
        for (Tensor p : params) this.params.add(p);
    }

    /** A group whose explicitly set options override the optimizer's defaults: {@code Adam.options().lr(1e-4)}. */
    public ParamGroup(Iterable<? extends Tensor> params, OptimOptions<?> overrides) {
        this(params);
        options.putAll(overrides.explicitValues());
    }

    public List<Tensor> params() { return Collections.unmodifiableList(params); }

    public double lr() { return getDouble("lr"); }

    public ParamGroup setLr(double lr) { options.put("lr", lr); return this; }

    public boolean has(String key) { return options.containsKey(key); }

    public Object get(String key) { return options.get(key); }

    public double getDouble(String key) {
        Object v = options.get(key);
        if (v instanceof Number n) return n.doubleValue();
        if (v instanceof Boolean b) return b ? 1 : 0;
        throw new TensorError("param group: option '" + key + "' is " + (v == null ? "not set" : "not a number: " + v));
    }

    public boolean getBoolean(String key) {
        Object v = options.get(key);
        if (v instanceof Boolean b) return b;
        throw new TensorError("param group: option '" + key + "' is " + (v == null ? "not set" : "not a boolean: " + v));
    }

    public double[] getDoubles(String key) {
        Object v = options.get(key);
        if (v instanceof double[] d) return d;
        throw new TensorError("param group: option '" + key + "' is " + (v == null ? "not set" : "not a tuple: " + v));
    }

    public ParamGroup set(String key, double value) { options.put(key, value); return this; }

    public ParamGroup set(String key, boolean value) { options.put(key, value); return this; }

    public ParamGroup set(String key, double... values) { options.put(key, values.clone()); return this; }

    void setRaw(String key, Object value) { options.put(key, value instanceof double[] d ? d.clone() : value); }

    void setDefault(String key, Object value) {
        if (!options.containsKey(key)) setRaw(key, value);
    }

    void addParams(List<Tensor> more) { params.addAll(more); }

    /** The options (without params), in insertion order. */
    public Map<String, Object> options() { return Collections.unmodifiableMap(options); }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ParamGroup(params: ").append(params.size());
        for (var e : options.entrySet()) {
            sb.append(", ").append(e.getKey()).append(": ").append(e.getValue() instanceof double[] d ? java.util.Arrays.toString(d) : e.getValue());
        }
        return sb.append(')').toString();
    }
}
