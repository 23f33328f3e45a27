package org.tensorshell.nn;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.tensorshell.DType;
import org.tensorshell.Device;
import org.tensorshell.GradMode;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.TensorError;

/**
 * Base class of all layers and models ({@code torch.nn.Module}). A subclass declares its parts as fields,
 * found by reflection in declaration order (superclass fields first), as PyTorch finds attributes:
 * <ul>
 * <li>a {@link Parameter} field is a parameter named after the field (a null field is skipped);</li>
 * <li>a {@link Module} field is a submodule; a {@code List} of modules is a list of submodules named
 *     {@code field.0, field.1, ...}, a {@code Map<String, Module>} is named {@code field.key};</li>
 * <li>buffers (running statistics and other state that is not trained) are registered explicitly with
 *     {@link #registerBuffer(String, Tensor)} and read with {@link #buffer(String)}; plain Tensor fields are
 *     not part of the state, exactly like plain tensor attributes in PyTorch.</li>
 * </ul>
 * Parameters, buffers and submodules can also be registered by name ({@link #registerParameter},
 * {@link #registerModule}); they follow the ones found in fields. Static and transient fields are ignored.
 */
public abstract class Module {
    private final LinkedHashMap<String, Parameter> extraParams = new LinkedHashMap<>();
    private final LinkedHashMap<String, Tensor> buffers = new LinkedHashMap<>();
    private final java.util.Set<String> nonPersistent = new java.util.HashSet<>();
    private final LinkedHashMap<String, Module> extraModules = new LinkedHashMap<>();
    protected boolean training = true;

    // ------------------------------------------------------------------ forward

    /** The computation of this module on one input. */
    public Tensor forward(Tensor input) {
        throw new TensorError("Module [" + name() + "] is missing the required \"forward\" function");
    }

    /** The computation on several inputs; by default only one input is accepted. */
    public Tensor forward(Tensor... inputs) {
        if (inputs.length == 1) return forward(inputs[0]);
        throw new TensorError(name() + ".forward: takes 1 input but " + inputs.length + " were given");
    }

    // ------------------------------------------------------------------ forward hooks

    /** Copy-on-write; null while this module has no hook (the common case). */
    volatile ForwardHook[] forwardHooks;

    /**
     * Calls {@code hook} after each forward of this module ({@code register_forward_hook}); see
     * {@link ForwardHook} for which forwards report. Remove it with the returned handle.
     */
    public RemovableHandle registerForwardHook(ForwardHook hook) { return ForwardHooks.register(this, hook); }

    /**
     * Reports a finished forward to the hooks and returns {@code output}: every built-in layer ends its forward
     * with it, and a user module can too ({@code return traced(x, out);}) to show up in hooks and model
     * summaries. With no hook registered anywhere it costs one volatile read.
     */
    protected final Tensor traced(Tensor input, Tensor output) {
        if (ForwardHooks.active != 0) ForwardHooks.fire(this, new Tensor[] {input}, output);
        return output;
    }

    /** {@link #traced(Tensor, Tensor)} for a forward of two tensors (a loss's input and target). */
    protected final Tensor traced(Tensor input, Tensor other, Tensor output) {
        if (ForwardHooks.active != 0) ForwardHooks.fire(this, new Tensor[] {input, other}, output);
        return output;
    }

    /** {@link #traced(Tensor, Tensor)} for a forward of three tensors (attention's query, key and value). */
    protected final Tensor traced(Tensor first, Tensor second, Tensor third, Tensor output) {
        if (ForwardHooks.active != 0) ForwardHooks.fire(this, new Tensor[] {first, second, third}, output);
        return output;
    }

    // ------------------------------------------------------------------ registration

    /** Adds a parameter under {@code name} (a null parameter is recorded as absent). */
    public Parameter registerParameter(String name, Parameter p) {
        checkName("registerParameter", name);
        extraParams.put(name, p);
        return p;
    }

    /** Adds a buffer: state saved in {@link #stateDict()} and moved by {@link #to}, but not trained. */
    public Tensor registerBuffer(String name, Tensor t) { return registerBuffer(name, t, true); }

    /** A buffer that is not persistent is moved by {@link #to} but left out of the state dict. */
    public Tensor registerBuffer(String name, Tensor t, boolean persistent) {
        checkName("registerBuffer", name);
        buffers.put(name, t);
        if (persistent) nonPersistent.remove(name);
        else nonPersistent.add(name);
        return t;
    }

    /** The buffer registered under {@code name} (null if it was registered as null). */
    public Tensor buffer(String name) {
        if (!buffers.containsKey(name)) throw new TensorError(name() + " has no buffer '" + name + "'");
        return buffers.get(name);
    }

    /** Replaces a registered buffer's tensor. */
    protected void setBuffer(String name, Tensor t) { buffers.put(name, t); }

    /** Adds a submodule under {@code name} ({@code add_module}). */
    public <M extends Module> M registerModule(String name, M m) {
        checkName("registerModule", name);
        extraModules.put(name, m);
        return m;
    }

    public <M extends Module> M addModule(String name, M m) { return registerModule(name, m); }

    /** The parameter registered under {@code name} with {@link #registerParameter} (current after {@link #to}). */
    protected Parameter parameter(String name) {
        if (!extraParams.containsKey(name)) throw new TensorError(name() + " has no registered parameter '" + name + "'");
        return extraParams.get(name);
    }

    private void checkName(String op, String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new TensorError(op + ": name must be a non-empty string without \".\", got \"" + name + "\"");
        }
    }

    // ------------------------------------------------------------------ discovery

    private static final Map<Class<?>, List<Field>> FIELDS = new java.util.concurrent.ConcurrentHashMap<>();

    private static List<Field> fields(Class<?> c) {
        return FIELDS.computeIfAbsent(c, k -> {
            List<Class<?>> chain = new ArrayList<>();
            for (Class<?> x = k; x != null && x != Module.class && x != Object.class; x = x.getSuperclass()) chain.add(0, x);
            List<Field> fs = new ArrayList<>();
            for (Class<?> x : chain) {
                for (Field f : x.getDeclaredFields()) {
                    int m = f.getModifiers();
                    if (Modifier.isStatic(m) || Modifier.isTransient(m) || f.isSynthetic()) continue;
                    Class<?> t = f.getType();
                    if (Parameter.class.isAssignableFrom(t) || Module.class.isAssignableFrom(t)
                        || List.class.isAssignableFrom(t) || Map.class.isAssignableFrom(t)) {
                        f.setAccessible(true);
                        fs.add(f);
                    }
                }
            }
            return fs;
        });
    }

    private Object read(Field f) {
        try {
            return f.get(this);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This module's own parameters by name, in order (absent ones as null). */
    private LinkedHashMap<String, Parameter> ownParams() {
        LinkedHashMap<String, Parameter> r = new LinkedHashMap<>();
        for (Field f : fields(getClass())) {
            if (Parameter.class.isAssignableFrom(f.getType())) r.put(f.getName(), (Parameter) read(f));
        }
        r.putAll(extraParams);
        return r;
    }

    /** This module's direct children by name, in order. */
    private LinkedHashMap<String, Module> ownModules() {
        LinkedHashMap<String, Module> r = new LinkedHashMap<>();
        for (Field f : fields(getClass())) {
            Object v = read(f);
            if (v == null) continue;
            if (v instanceof Module m) {
                r.put(f.getName(), m);
            } else if (v instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(e -> e instanceof Module)) {
                for (int i = 0; i < l.size(); i++) r.put(f.getName() + "." + i, (Module) l.get(i));
            } else if (v instanceof Map<?, ?> mp && !mp.isEmpty()
                && mp.entrySet().stream().allMatch(e -> e.getKey() instanceof String && e.getValue() instanceof Module)) {
                for (var e : mp.entrySet()) r.put(f.getName() + "." + e.getKey(), (Module) e.getValue());
            }
        }
        r.putAll(extraModules);
        return r;
    }

    // ------------------------------------------------------------------ traversal

    /** The direct submodules, in order. */
    public List<Module> children() { return new ArrayList<>(ownModules().values()); }

    /** Child {@code i} in registration order, negative counting from the end (Sequential's and ModuleList's get). */
    Module childAt(int i) {
        List<Module> c = children();
        if (i < -c.size() || i >= c.size()) throw new TensorError("index " + i + " is out of range");
        return c.get(i < 0 ? i + c.size() : i);
    }

    public LinkedHashMap<String, Module> namedChildren() { return ownModules(); }

    /** This module and all below it, depth first, each once. */
    public List<Module> modules() { return new ArrayList<>(namedModules().values()); }

    /** Every module with its dotted path ("" for this one), each once. */
    public LinkedHashMap<String, Module> namedModules() {
        LinkedHashMap<String, Module> r = new LinkedHashMap<>();
        IdentityHashMap<Module, Boolean> seen = new IdentityHashMap<>();
        collectModules("", r, seen);
        return r;
    }

    private void collectModules(String prefix, Map<String, Module> out, IdentityHashMap<Module, Boolean> seen) {
        if (seen.put(this, true) != null) return;
        out.put(prefix, this);
        for (var e : ownModules().entrySet()) {
            e.getValue().collectModules(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), out, seen);
        }
    }

    /** All parameters (this module's, then its children's), each tensor once. */
    public List<Tensor> parameters() { return new ArrayList<>(namedParameters().values()); }

    /** Parameters by dotted path ({@code "conv1.weight"}), each tensor once (shared ones under their first name). */
    public LinkedHashMap<String, Tensor> namedParameters() {
        LinkedHashMap<String, Tensor> r = new LinkedHashMap<>();
        IdentityHashMap<Tensor, Boolean> seen = new IdentityHashMap<>();
        for (var m : namedModules().entrySet()) {
            for (var p : m.getValue().ownParams().entrySet()) {
                if (p.getValue() == null || seen.put(p.getValue(), true) != null) continue;
                r.put(join(m.getKey(), p.getKey()), p.getValue());
            }
        }
        return r;
    }

    /** All buffers, each once. */
    public List<Tensor> buffers() { return new ArrayList<>(namedBuffers().values()); }

    public LinkedHashMap<String, Tensor> namedBuffers() {
        LinkedHashMap<String, Tensor> r = new LinkedHashMap<>();
        IdentityHashMap<Tensor, Boolean> seen = new IdentityHashMap<>();
        for (var m : namedModules().entrySet()) {
            for (var b : m.getValue().buffers.entrySet()) {
                if (b.getValue() == null || seen.put(b.getValue(), true) != null) continue;
                r.put(join(m.getKey(), b.getKey()), b.getValue());
            }
        }
        return r;
    }

    private static String join(String prefix, String name) { return prefix.isEmpty() ? name : prefix + "." + name; }

    /** Number of elements in all parameters (or only the trainable ones). */
    public long numParameters() { return numParameters(false); }

    public long numParameters(boolean onlyTrainable) {
        long n = 0;
        for (Tensor p : parameters()) if (!onlyTrainable || p.requiresGrad()) n += p.numel();
        return n;
    }

    // ------------------------------------------------------------------ state

    /**
     * Parameters and persistent buffers by dotted path, in PyTorch's order (per module: parameters, then
     * buffers, then each child's entries). The tensors are detached and share memory with the module.
     */
    public LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> r = new LinkedHashMap<>();
        collectState("", r);
        return r;
    }

    private void collectState(String prefix, Map<String, Tensor> out) {
        for (var p : ownParams().entrySet()) if (p.getValue() != null) out.put(prefix + p.getKey(), p.getValue().detach());
        for (var b : buffers.entrySet()) {
            if (b.getValue() != null && !nonPersistent.contains(b.getKey())) out.put(prefix + b.getKey(), b.getValue().detach());
        }
        for (var m : ownModules().entrySet()) m.getValue().collectState(prefix + m.getKey() + ".", out);
    }

    /** {@code loadStateDict(state, true)}. */
    public LoadResult loadStateDict(Map<String, Tensor> state) { return loadStateDict(state, true); }

    /** What a non-strict load left out. */
    public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {}

    /**
     * Copies the tensors of {@code state} into this module's parameters and buffers (converting dtype). Shape
     * mismatches are always errors; with {@code strict}, so are missing and unexpected keys. Everything is
     * checked before anything is copied, so a failed load changes nothing.
     */
    public LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
        LinkedHashMap<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), errors = new ArrayList<>();
        for (String k : own.keySet()) if (!state.containsKey(k)) missing.add(k);
        for (String k : state.keySet()) if (!own.containsKey(k)) unexpected.add(k);
        for (var e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) continue;
            if (!Arrays.equals(src.shape(), e.getValue().shape())) {
                errors.add("size mismatch for " + e.getKey() + ": copying a param with shape " + shape(src)
                    + " from checkpoint, the shape in current model is " + shape(e.getValue()) + ".");
            }
        }
        if (strict) {
            if (!unexpected.isEmpty()) errors.add(0, "Unexpected key(s) in state_dict: " + quoted(unexpected) + ". ");
            if (!missing.isEmpty()) errors.add(0, "Missing key(s) in state_dict: " + quoted(missing) + ". ");
        }
        if (!errors.isEmpty()) {
            throw new TensorError("Error(s) in loading state_dict for " + name() + ":\n\t" + String.join("\n\t", errors));
        }
        try (GradMode g = Torch.noGrad()) {
            for (var e : own.entrySet()) {
                Tensor src = state.get(e.getKey());
                if (src != null) e.getValue().copy_(src);
            }
        }
        return new LoadResult(missing, unexpected);
    }

    private static String shape(Tensor t) {
        return "torch.Size(" + Arrays.toString(t.shape()) + ")";
    }

    private static String quoted(List<String> keys) {
        StringBuilder sb = new StringBuilder();
        for (String k : keys) sb.append(sb.isEmpty() ? "" : ", ").append('"').append(k).append('"');
        return sb.toString();
    }

    // ------------------------------------------------------------------ modes, devices, gradients

    /** Training mode for this module and all below it (Dropout drops, BatchNorm uses batch statistics). */
    public Module train() { return train(true); }

    public Module train(boolean mode) {
        for (Module m : modules()) m.training = mode;
        return this;
    }

    /** Evaluation mode: {@code train(false)}. */
    public Module eval() { return train(false); }

    public boolean isTraining() { return training; }

    /** Applies {@code fn} to every submodule (children first) and then this module. */
    public Module apply(Consumer<Module> fn) {
        for (Module c : children()) c.apply(fn);
        fn.accept(this);
        return this;
    }

    /**
     * Converts floating-point parameters and buffers to {@code dtype}. Unlike PyTorch, where the Parameter
     * objects keep their identity, converted parameters are new Parameter objects: build optimizers after
     * moving a model.
     */
    public Module to(DType dtype) {
        if (!dtype.isFloatingPoint()) {
            throw new TensorError("nn.Module.to only accepts floating point dtypes, but got desired dtype=" + dtype);
        }
        return convert(t -> t.isFloatingPoint() ? t.to(dtype) : t);
    }

    /** Moves parameters and buffers to {@code device} (CPU: nothing to do). */
    public Module to(Device device) { return convert(t -> t.to(device)); }

    public Module toDouble() { return to(DType.FLOAT64); }

    public Module toFloat() { return to(DType.FLOAT32); }

    private Module convert(UnaryOperator<Tensor> fn) {
        for (Module m : modules()) m.convertOwn(fn);
        return this;
    }

    private void convertOwn(UnaryOperator<Tensor> fn) {
        try (GradMode g = Torch.noGrad()) {
            for (Field f : fields(getClass())) {
                if (!Parameter.class.isAssignableFrom(f.getType())) continue;
                Parameter p = (Parameter) read(f);
                Parameter q = converted(p, fn);
                if (q != p) {
                    try {
                        f.set(this, q);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            extraParams.replaceAll((k, p) -> converted(p, fn));
            buffers.replaceAll((k, b) -> b == null ? null : fn.apply(b));
        }
    }

    private static Parameter converted(Parameter p, UnaryOperator<Tensor> fn) {
        if (p == null) return null;
        Tensor d = fn.apply(p.detach());
        if (d.dtype() == p.dtype() && d.device().equals(p.device())) return p;
        Parameter q = new Parameter(d, p.requiresGrad());
        if (p.grad() != null) q.setGrad(fn.apply(p.grad()));
        return q;
    }

    /** Zeroes the gradients of all parameters in place ({@code zero_grad(set_to_none=False)}, PyTorch 1.13's default). */
    public void zeroGrad() { zeroGrad(false); }

    /** With {@code setToNone}, drops the gradients instead. */
    public void zeroGrad(boolean setToNone) {
        try (GradMode g = Torch.noGrad()) {
            for (Tensor p : parameters()) {
                if (p.grad() == null) continue;
                if (setToNone) p.setGrad(null);
                else p.grad().zero_();
            }
        }
    }

    /** Turns gradient recording of all parameters on or off. */
    public Module requiresGrad_(boolean flag) {
        for (Tensor p : parameters()) p.requiresGrad_(flag);
        return this;
    }

    // ------------------------------------------------------------------ printing

    /** The module's name in its printed tree: the class's simple name. */
    protected String name() {
        String n = getClass().getSimpleName();
        return n.isEmpty() ? getClass().getName().replaceAll(".*[.$]", "") : n;
    }

    /** The settings shown in parentheses after the name ({@code extra_repr}). */
    public String extraRepr() { return ""; }

    /** The module tree, exactly as PyTorch prints it. */
    @Override
    public String toString() {
        List<String> lines = new ArrayList<>();
        String extra = extraRepr();
        if (!extra.isEmpty()) lines.addAll(Arrays.asList(extra.split("\n")));
        for (var e : ownModules().entrySet()) {
            lines.add("(" + e.getKey() + "): " + indent(e.getValue().toString()));
        }
        StringBuilder sb = new StringBuilder(name()).append('(');
        if (!lines.isEmpty()) {
            if (extra.isEmpty() || lines.size() > 1 || extra.contains("\n")) {
                sb.append('\n');
                for (String l : lines) sb.append("  ").append(l).append('\n');
            } else {
                sb.append(extra);
            }
        }
        return sb.append(')').toString();
    }

    private static String indent(String s) { return s.replace("\n", "\n  "); }

    // ------------------------------------------------------------------ helpers for layers

    /** An uninitialised (zero) parameter of the default dtype. */
    protected static Parameter param(long... shape) { return new Parameter(Torch.zeros(shape)); }
}
