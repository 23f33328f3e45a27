package org.tensorshell.nn;

import java.util.Iterator;
import org.tensorshell.Tensor;

/** Modules applied in order; children are named "0", "1", ... */
public class Sequential extends Module implements Iterable<Module> {

    public Sequential(Module... modules) {
        for (Module m : modules) append(m);
    }

    /** Adds a module at the end; returns this sequence. */
    public Sequential append(Module m) {
        registerModule(Integer.toString(size()), m);
        return this;
    }

    public Module get(int i) { return childAt(i); }

    public int size() { return namedChildren().size(); }

    @Override
    public Iterator<Module> iterator() { return children().iterator(); }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module m : children()) x = m.forward(x);
        return traced(input, x);
    }
}
