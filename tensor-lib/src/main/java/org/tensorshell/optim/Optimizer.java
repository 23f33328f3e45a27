package org.tensorshell.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.tensorshell.DType;
import org.tensorshell.GradMode;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.TensorError;

/**
 * Base of the optimizers (PyTorch's {@code torch.optim.Optimizer}): parameter groups with mutable options,
 * per-parameter state, {@code step()} under no-grad, {@code zeroGrad()} and state dicts.
 */
public abstract class Optimizer {
    private final String name;
    private final Map<String, Object> defaults;
    private final List<ParamGroup> groups = new ArrayList<>();
    /** Per-parameter state, keyed by identity like PyTorch's {@code state[p]}. */
    final IdentityHashMap<Tensor, Map<String, Object>> state = new IdentityHashMap<>();
    private long stepCount;

    protected Optimizer(String name, List<ParamGroup> paramGroups, OptimOptions<?> defaults) {
        this.name = name;
        this.defaults = new LinkedHashMap<>(defaults.values());
        if (paramGroups.isEmpty()) throw new TensorError(name + ": optimizer got an empty parameter list");
        for (ParamGroup g : paramGroups) addParamGroup(g);
    }

    static List<ParamGroup> single(Iterable<? extends Tensor> params) {
        if (params == null) throw new TensorError("optimizer: params is null");
        ParamGroup g = new ParamGroup(params);
        if (g.params().isEmpty()) throw new TensorError("optimizer got an empty parameter list");
        return List.of(g);
    }

    /** The optimizer's default options (PyTorch's {@code defaults}). */
    public Map<String, Object> defaults() { return Collections.unmodifiableMap(defaults); }

    /** The groups; their options may be changed between steps (learning-rate schedules). */
    public List<ParamGroup> paramGroups() { return Collections.unmodifiableList(groups); }

    /** Adds a group; options it does not set come from the defaults. */
    public void addParamGroup(ParamGroup group) {
        for (Tensor p : group.params()) {
            if (p == null) throw new TensorError(name + ": parameter list contains null");
            if (!p.isLeaf()) throw new TensorError(name + ": can't optimize a non-leaf Tensor");
            if (!p.isFloatingPoint()) {
                throw new TensorError(name + ": can only optimize floating point Tensors, got " + p.dtype());
            }
            for (ParamGroup g : groups) {
                for (Tensor q : g.params()) {
                    if (q == p) throw new TensorError(name + ": some parameters appear in more than one parameter group");
                }
            }
        }
        for (int i = 0; i < group.params().size(); i++) {
            for (int j = 0; j < i; j++) {
                if (group.params().get(i) == group.params().get(j)) {
                    throw new TensorError(name + ": a parameter group contains the same tensor twice (index "
                        + j + " and " + i + ")");
                }
            }
        }
        for (var e : defaults.entrySet()) group.setDefault(e.getKey(), e.getValue());
        for (String key : requiredOptions()) {
            if (!group.has(key)) {
                throw new TensorError(name + ": parameter group didn't specify a value of required optimization parameter "
                    + key + " (pass it, e.g. " + name + ".options()." + key + "(0.01))");
            }
        }
        validate(group);
        groups.add(group);
    }

    /** Options without a default (SGD's lr). */
    List<String> requiredOptions() { return List.of(); }

    /** Checks a group's options with PyTorch's messages. */
    abstract void validate(ParamGroup group);

    static void check(boolean ok, String optimizer, String message) {
        if (!ok) throw new TensorError(optimizer + ": " + message);
    }

    /** One update of every parameter that has a gradient. */
    public final void step() {
        try (GradMode g = Torch.noGrad()) {
            for (ParamGroup group : groups) {
                for (Tensor p : group.params()) {
                    Tensor grad = p.grad();
                    if (grad == null) continue;
                    if (grad.dtype() != p.dtype()) grad = grad.to(p.dtype());
                    update(group, p, grad, state.computeIfAbsent(p, k -> new LinkedHashMap<>()));
                }
            }
        }
        stepCount++;
    }

    /** Re-evaluates the loss with gradients enabled (the closure calls backward), then steps; returns the loss. */
    public final Tensor step(Supplier<Tensor> closure) {
        Tensor loss;
        try (GradMode g = Torch.enableGrad()) {
            loss = closure.get();
        }
        step();
        return loss;
    }

    /** Updates one parameter in place. */
    abstract void update(ParamGroup group, Tensor p, Tensor grad, Map<String, Object> st);

    /** How many times {@link #step()} ran. */
    public long stepCount() { return stepCount; }

    /** Zeroes gradients in place (PyTorch 1.13's default). */
    public void zeroGrad() { zeroGrad(false); }

    /** Zeroes gradients, or drops them ({@code setToNone}) so the next backward allocates fresh ones. */
    public void zeroGrad(boolean setToNone) {
        for (ParamGroup group : groups) {
            for (Tensor p : group.params()) {
                Tensor g = p.grad();
                if (g == null) continue;
                if (setToNone) {
                    p.setGrad(null);
                } else {
                    if (g.gradFn() != null) g.detach_();
                    else g.requiresGrad_(false);
                    Fused.zero(g);
                }
            }
        }
    }

    /** The state of one parameter (read-only view), empty before its first step. */
    public Map<String, Object> state(Tensor param) {
        Map<String, Object> s = state.get(param);
        return s == null ? Map.of() : Collections.unmodifiableMap(s);
    }

    // ---------------------------------------------------------------- state dicts

    /** State (by parameter index across groups) and group options, as PyTorch's {@code state_dict()}. Tensors are shared, not copied. */
    public StateDict stateDict() {
        LinkedHashMap<Integer, Map<String, Object>> packed = new LinkedHashMap<>();
        List<Map<String, Object>> packedGroups = new ArrayList<>();
        int index = 0;
        for (ParamGroup g : groups) {
            LinkedHashMap<String, Object> opts = new LinkedHashMap<>();
            for (var e : g.options().entrySet()) {
                opts.put(e.getKey(), e.getValue() instanceof double[] d ? d.clone() : e.getValue());
            }
            List<Integer> ids = new ArrayList<>();
            for (Tensor p : g.params()) {
                Map<String, Object> s = state.get(p);
                if (s != null) {
                    LinkedHashMap<String, Object> out = new LinkedHashMap<>();
                    for (var e : s.entrySet()) out.put(e.getKey(), exportValue(e.getKey(), e.getValue()));
                    packed.put(index, out);
                }
                ids.add(index++);
            }
            opts.put("params", ids);
            packedGroups.add(opts);
        }
        return new StateDict(packed, packedGroups);
    }

    /** PyTorch keeps Adam's, AdamW's and Adagrad's step as a float32 scalar tensor. */
    Object exportValue(String key, Object v) {
        if (v instanceof Double d) return Torch.full(new long[0], d, DType.FLOAT32);
        return v;
    }

    /** Replaces state and group options (not the parameters) with a copy of {@code sd}'s. */
    public void loadStateDict(StateDict sd) {
        List<Map<String, Object>> saved = sd.paramGroups();
        if (saved.size() != groups.size()) {
            throw new TensorError(name + ": loaded state dict has a different number of parameter groups ("
                + saved.size() + " vs " + groups.size() + ")");
        }
        List<Tensor> byIndex = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            List<?> ids = saved.get(i).get("params") instanceof List<?> l ? l : List.of();
            if (ids.size() != groups.get(i).params().size()) {
                throw new TensorError(name + ": loaded state dict contains a parameter group that doesn't match the size "
                    + "of optimizer's group (group " + i + ": " + ids.size() + " vs " + groups.get(i).params().size() + ")");
            }
            byIndex.addAll(groups.get(i).params());
        }
        IdentityHashMap<Tensor, Map<String, Object>> fresh = new IdentityHashMap<>();
        for (var e : sd.state().entrySet()) {
            int idx = e.getKey();
            if (idx < 0 || idx >= byIndex.size()) {
                throw new TensorError(name + ": loaded state dict has state for parameter " + idx + " but the optimizer has "
                    + byIndex.size() + " parameters");
            }
            Tensor p = byIndex.get(idx);
            LinkedHashMap<String, Object> s = new LinkedHashMap<>();
            for (var kv : e.getValue().entrySet()) s.put(kv.getKey(), importValue(p, kv.getKey(), kv.getValue()));
            fresh.put(p, s);
        }
        for (int i = 0; i < groups.size(); i++) {
            for (var kv : saved.get(i).entrySet()) {
                if (!kv.getKey().equals("params")) groups.get(i).setRaw(kv.getKey(), kv.getValue());
            }
        }
        state.clear();
        state.putAll(fresh);
    }

    Object importValue(Tensor p, String key, Object v) {
        if (key.equals("step")) {
            double s = v instanceof Tensor t ? t.item() : ((Number) v).doubleValue();
            return stepIsLong() ? (Object) (long) s : (Object) s;
        }
        if (v instanceof Tensor t) {
            if (!java.util.Arrays.equals(t.shape(), p.shape())) {
                throw new TensorError(name + ": loaded state '" + key + "' has shape " + java.util.Arrays.toString(t.shape())
                    + " but its parameter has shape " + java.util.Arrays.toString(p.shape()));
            }
            // a copy in the parameter's dtype, as PyTorch casts floating-point state
            Tensor c = t.to(p.dtype());
            return c == t ? t.clone() : c.contiguous();
        }
        return v;
    }

    /** RMSprop counts steps as a Python int. */
    boolean stepIsLong() { return false; }

    /** PyTorch's layout: each group's options sorted by name, Python literals. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append(" (");
        for (int i = 0; i < groups.size(); i++) {
            sb.append("\nParameter Group ").append(i);
            for (var e : new java.util.TreeMap<>(groups.get(i).options()).entrySet()) {
                Object v = e.getValue();
                String text = v instanceof double[] d ? "(" + d[0] + ", " + d[1] + ")"
                    : v instanceof Boolean b ? (b ? "True" : "False") : String.valueOf(v);
                sb.append("\n    ").append(e.getKey()).append(": ").append(text);
            }
        }
        return sb.append("\n)").toString();
    }
}
