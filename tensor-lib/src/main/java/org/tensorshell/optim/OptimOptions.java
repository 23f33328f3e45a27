package org.tensorshell.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The keyword arguments of an optimizer (PyTorch's {@code defaults} dict), as a builder:
 * {@code Adam.options().lr(1e-3).weightDecay(1e-2)}. Keys use PyTorch's snake_case names so state dicts
 * read the same on both sides. Passed to a {@link ParamGroup}, only the options set explicitly override
 * the optimizer's defaults, as a group dict in PyTorch does.
 */
public abstract class OptimOptions<O extends OptimOptions<O>> {
    private final LinkedHashMap<String, Object> values = new LinkedHashMap<>();
    private final Set<String> explicit = new LinkedHashSet<>();

    protected OptimOptions() {}

    /** A default of this optimizer (not counted as set by the user). */
    protected final void defaultValue(String key, Object value) { values.put(key, value); }

    @SuppressWarnings("unchecked")
    protected final O put(String key, Object value) {
        values.put(key, value);
        explicit.add(key);
        return (O) this;
    }

    public O lr(double lr) { return put("lr", lr); }

    /** Every option, defaults included, in PyTorch's order. */
    public final Map<String, Object> values() { return Collections.unmodifiableMap(values); }

    /** The options set explicitly (what a parameter group overrides). */
    public final Map<String, Object> explicitValues() {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        for (String k : explicit) m.put(k, values.get(k));
        return m;
    }

    @Override
    public String toString() { return getClass().getSimpleName() + values; }
}
