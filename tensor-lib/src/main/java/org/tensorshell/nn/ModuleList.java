package org.tensorshell.nn;

import java.util.Iterator;
import java.util.List;
import org.tensorshell.core.TensorError;

/** A list of submodules named "0", "1", ...; it has no forward of its own. */
public class ModuleList extends Module implements Iterable<Module> {

    public ModuleList(Module... modules) {
        for (Module m : modules) append(m);
    }

    public ModuleList(List<? extends Module> modules) {
        for (Module m : modules) append(m);
    }

    public ModuleList append(Module m) {
        registerModule(Integer.toString(size()), m);
        return this;
    }

    public Module get(int i) {
        List<Module> c = children();
        if (i < -c.size() || i >= c.size()) throw new TensorError("index " + i + " is out of range");
        return c.get(i < 0 ? i + c.size() : i);
    }

    public int size() { return namedChildren().size(); }

    @Override
    public Iterator<Module> iterator() { return children().iterator(); }
}
