package org.tensorshell.nn;

import java.util.Iterator;
import java.util.List;
import org.tensorshell.Tensor;
import org.tensorshell.core.TensorError;

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

    public Module get(int i) {
        List<Module> c = children();
        if (i < -c.size() || i >= c.size()) throw new TensorError("index " + i + " is out of range");
        return c.get(i < 0 ? i + c.size() : i);
    }

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
