package org.tensorshell.nn;

import java.util.Arrays;
import org.tensorshell.Tensor;

/**
 * Bookkeeping behind {@link Module#registerForwardHook}. {@link #active} counts the hooks registered on any
 * module, so a forward with no hook anywhere pays one read of a volatile int and nothing else.
 */
final class ForwardHooks {
    private ForwardHooks() {}

    static volatile int active;

    static RemovableHandle register(Module m, ForwardHook hook) {
        java.util.Objects.requireNonNull(hook, "registerForwardHook: hook");
        synchronized (m) {
            ForwardHook[] old = m.forwardHooks;
            ForwardHook[] now = old == null ? new ForwardHook[1] : Arrays.copyOf(old, old.length + 1);
            now[now.length - 1] = hook;
            m.forwardHooks = now;
        }
        adjust(1);
        return new Handle(m, hook);
    }

    private static synchronized void adjust(int delta) { active += delta; }

    static void fire(Module m, Tensor[] inputs, Tensor output) {
        ForwardHook[] hooks = m.forwardHooks;
        if (hooks == null) return;
        for (ForwardHook h : hooks) h.call(m, inputs, output);
    }

    private static final class Handle implements RemovableHandle {
        private final Module module;
        private final ForwardHook hook;
        private boolean removed;

        Handle(Module module, ForwardHook hook) {
            this.module = module;
            this.hook = hook;
        }

        @Override
        public void remove() {
            synchronized (module) {
                if (removed) return;
                removed = true;
                ForwardHook[] old = module.forwardHooks;
                int i = 0;
                while (old[i] != hook) i++;
                ForwardHook[] now = new ForwardHook[old.length - 1];
                System.arraycopy(old, 0, now, 0, i);
                System.arraycopy(old, i + 1, now, i, old.length - i - 1);
                module.forwardHooks = now.length == 0 ? null : now;
            }
            adjust(-1);
        }
    }
}
