package org.tensorshell.nn;

import java.util.Iterator;
import java.util.List;

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

    public Module get(int i) { return childAt(i); }

    public int size() { return namedChildren().size(); }

    @Override
    public Iterator<Module> iterator() { return children().iterator(); }
}
