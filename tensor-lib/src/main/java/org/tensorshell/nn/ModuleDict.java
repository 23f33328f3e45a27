package org.tensorshell.nn;

import java.util.Map;
import java.util.Set;
import org.tensorshell.core.TensorError;

/** Submodules by name, in insertion order; it has no forward of its own. */
public class ModuleDict extends Module {

    public ModuleDict() {}

    public ModuleDict(Map<String, ? extends Module> modules) {
        for (var e : modules.entrySet()) put(e.getKey(), e.getValue());
    }

    public ModuleDict put(String name, Module m) {
        registerModule(name, m);
        return this;
    }

    public Module get(String name) {
        Module m = namedChildren().get(name);
        if (m == null) throw new TensorError("ModuleDict has no module '" + name + "'");
        return m;
    }

    public boolean containsKey(String name) { return namedChildren().containsKey(name); }

    public Set<String> keySet() { return namedChildren().keySet(); }

    public int size() { return namedChildren().size(); }
}
