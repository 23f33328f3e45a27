package org.tensorshell.display;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.tensorshell.GradMode;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.TensorError;
import org.tensorshell.nn.Module;
import org.tensorshell.nn.RemovableHandle;

/**
 * One forward of a model with a hook on every module, and the output shapes it reveals.
 *
 * <p>The forward runs under {@code noGrad} in eval mode, so BatchNorm leaves its running statistics alone and
 * Dropout draws no random numbers (a summary must not shift the user's seeded random stream); output shapes of
 * the built-in layers do not depend on the mode. Afterwards every module gets its own training flag back, and
 * every buffer its values (in case a custom forward writes state even in eval mode).
 */
final class ModelTrace {
    /**
     * One reported forward; {@code own} when it came from the module's most-derived forward. Shapes are read
     * after the forward: a tensor's shape never changes (there are no in-place reshaping ops).
     */
    record Event(Module module, Tensor[] inputs, Tensor output, boolean own) {}

    final List<Event> events = new ArrayList<>();
    final Tensor output;

    private ModelTrace(Module model, Tensor[] inputs) {
        Thread runner = Thread.currentThread();
        List<Module> modules = model.modules();
        List<Boolean> modes = new ArrayList<>();
        for (Module m : modules) modes.add(m.isTraining());
        List<Tensor> buffers = model.buffers();
        List<Tensor> saved = new ArrayList<>();
        List<RemovableHandle> hooks = new ArrayList<>();
        Tensor out;
        try (GradMode g = Torch.noGrad()) {
            for (Tensor b : buffers) saved.add(b.clone());
            model.eval();
            for (Module m : modules) {
                hooks.add(m.registerForwardHook((mod, in, o) -> {
                    // Another thread running the same model at the same time is not part of this summary.
                    if (Thread.currentThread() == runner) events.add(new Event(mod, in, o, ownForward(mod)));
                }));
            }
            out = inputs.length == 1 ? model.forward(inputs[0]) : model.forward(inputs);
        } catch (RuntimeException e) {
            throw new TensorError("summary: " + ModelSummary.typeName(model) + ".forward failed on input of shape "
                + shapes(inputs) + " (" + events.size() + " layer(s) ran before the failure): " + e.getMessage(), e);
        } finally {
            for (RemovableHandle h : hooks) h.remove();
            restoreModes(modules, modes);
            try (GradMode g = Torch.noGrad()) {
                for (int i = 0; i < saved.size(); i++) buffers.get(i).copy_(saved.get(i));
            }
        }
        this.output = out;
    }

    /**
     * train(mode) sets a whole subtree and parents come before their children, so going down the list and
     * fixing the modules that differ restores every flag, with one call when all modes agree. A module shared
     * by two parents can be flipped again by the second one: another pass fixes it.
     */
    private static void restoreModes(List<Module> modules, List<Boolean> modes) {
        for (int pass = 0; pass < 4; pass++) {
            boolean fixed = false;
            for (int i = 0; i < modules.size(); i++) {
                if (modules.get(i).isTraining() != modes.get(i)) {
                    modules.get(i).train(modes.get(i));
                    fixed = true;
                }
            }
            if (!fixed) return;
        }
    }

    static ModelTrace run(Module model, Tensor... inputs) {
        if (inputs.length == 0) throw new TensorError("summary: give a sample input tensor or an input shape");
        for (Tensor t : inputs) if (t == null) throw new TensorError("summary: the sample input is null");
        return new ModelTrace(model, inputs);
    }

    private static String shapes(Tensor[] ts) {
        List<String> s = new ArrayList<>();
        for (Tensor t : ts) s.add(Arrays.toString(t.shape()));
        return String.join(", ", s);
    }

    // ------------------------------------------------------------------ whose forward reported

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    /**
     * Whether the forward that just reported is the module's most-derived one: a user subclass of Linear that
     * overrides forward and reshapes the result reports Linear's inner output, which is not the module's.
     */
    private static boolean ownForward(Module m) {
        Class<?> caller = WALKER.walk(frames -> {
            boolean inTraced = false;
            for (var it = frames.iterator(); it.hasNext();) {
                StackWalker.StackFrame f = it.next();
                if (f.getDeclaringClass() == Module.class && f.getMethodName().equals("traced")) inTraced = true;
                else if (inTraced) return f.getDeclaringClass();
            }
            return null;
        });
        for (Class<?> c = m.getClass(); c != null && c != Module.class; c = c.getSuperclass()) {
            if (c == caller) return true;
            if (declaresForward(c)) return false;
        }
        return false;
    }

    private static boolean declaresForward(Class<?> c) {
        for (var method : c.getDeclaredMethods()) {
            if (method.getName().equals("forward") && !method.isSynthetic() && !method.isBridge()) return true;
        }
        return false;
    }

    /** Whether a module can be called at all: ModuleList, ModuleDict and plain containers have no forward. */
    static boolean hasForward(Module m) {
        for (Class<?> c = m.getClass(); c != null && c != Module.class; c = c.getSuperclass()) if (declaresForward(c)) return true;
        return false;
    }

    // ------------------------------------------------------------------ shapes

    /** The own reported outputs of {@code m}. */
    List<Tensor> ownOutputs(Module m) {
        List<Tensor> r = new ArrayList<>();
        for (Event e : events) if (e.module() == m && e.own()) r.add(e.output());
        return r;
    }

    /**
     * The output shape of {@code m} (the subtree below it included), or null when the trace cannot tell.
     * A layer that reported its own forward is exact (several calls must agree). For a module whose forward
     * does not report (a user-defined block), the shape is the one of the last tensor reported inside its
     * subtree, T, but only when the trace proves T left the block unchanged: T was first produced inside the
     * subtree, and afterwards T itself (the same object) is the model's output or an input or output of a
     * module outside the subtree. A block ending in {@code F.relu(...)} or a residual add fails that test and
     * shows "--" rather than a guess.
     */
    long[] shape(Module m) {
        if (!hasForward(m)) return null;
        List<Tensor> own = ownOutputs(m);
        if (!own.isEmpty()) return agreed(own);
        Set<Module> subtree = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        subtree.addAll(m.modules());
        int last = -1;
        for (int i = 0; i < events.size(); i++) if (subtree.contains(events.get(i).module())) last = i;
        if (last < 0) return null;
        Tensor t = events.get(last).output();
        if (t == null || !subtree.contains(producer(t))) return null;
        if (t == output) return t.shape();
        for (int i = last + 1; i < events.size(); i++) {
            Event e = events.get(i);
            if (subtree.contains(e.module())) continue;
            if (e.output() == t) return t.shape();
            for (Tensor in : e.inputs()) if (in == t) return t.shape();
        }
        return null;
    }

    private Module producer(Tensor t) {
        for (Event e : events) if (e.output() == t) return e.module();
        return null;
    }

    private static long[] agreed(List<Tensor> outs) {
        long[] s = outs.get(0) == null ? null : outs.get(0).shape();
        for (Tensor t : outs) if (t == null || !Arrays.equals(s, t.shape())) return null;
        return s;
    }
}
