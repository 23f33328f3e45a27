package org.tensorshell.display;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorshell.DType;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.TensorError;
import org.tensorshell.nn.Module;

/**
 * A torchinfo-style summary of a model: one row per module in the order of the printed module tree, with its
 * output shape for a sample input, its parameter count and whether those parameters train, then the totals
 * and a memory estimate. Shows as torchinfo's text table and as an HTML table, down to depth 3 as torchinfo
 * does ({@link #depth(int)} changes it).
 *
 * <p>Counting follows torchinfo: a leaf layer's row counts all its parameters, a container's row only the
 * parameters it holds itself (so the column sums to the total), in parentheses when none of them trains. A
 * parameter shared by several modules is counted once. Sizes are in MB of 10^6 bytes: "Forward/backward pass
 * size" is twice the bytes of the outputs of the leaf layers that have parameters (activations kept for the
 * backward pass, and their gradients); "Params size" counts parameters only, as torchinfo does.
 *
 * <p>How the sample forward is run, and what an output shape of "--" means, is described in
 * {@link #of(Module, Tensor...)}.
 */
public final class ModelSummary implements Displayable {

    /**
     * One row. {@code params}/{@code trainableParams} are what the "Param #" column counts (see the class
     * comment); the subtree counts cover the module and everything below it. {@code outputShape} is null when
     * unknown or when the summary was made without an input.
     */
    public record Layer(String path, String name, String type, int depth, int depthIndex, long[] outputShape, long params,
                        long trainableParams, long subtreeParams, long subtreeTrainableParams, boolean leaf) {
        /** torchinfo's "Trainable": True, False, Partial, or "--" for a module without parameters. */
        public String trainable() {
            if (subtreeParams == 0) return "--";
            if (subtreeTrainableParams == 0) return "False";
            return subtreeTrainableParams == subtreeParams ? "True" : "Partial";
        }

        /** "Conv2d: 1-1" (type, depth and index among the rows of that depth); the model's own row is its type. */
        public String title() { return depth == 0 ? type : type + ": " + depth + "-" + depthIndex; }
    }

    private final String modelType;
    private final List<Layer> layers;
    private final boolean withInput;
    private final long totalParams, trainableParams, paramBytes, bufferBytes, inputBytes, passBytes;
    private final int maxDepth;

    /** torchinfo's default {@code depth=3}. */
    static final int DEFAULT_DEPTH = 3;

    private ModelSummary(Module model, ModelTrace trace, Tensor[] inputs) {
        this.modelType = typeName(model);
        this.withInput = trace != null;
        this.layers = Collections.unmodifiableList(rows(model, trace));
        long total = 0, trainable = 0, pBytes = 0, bBytes = 0, in = 0, pass = 0;
        for (Tensor p : model.parameters()) {
            total += p.numel();
            if (p.requiresGrad()) trainable += p.numel();
            pBytes += bytes(p);
        }
        for (Tensor b : model.buffers()) bBytes += bytes(b);
        if (trace != null) {
            for (Tensor t : inputs) in += bytes(t);
            pass = passBytes(model, trace);
        }
        this.totalParams = total;
        this.trainableParams = trainable;
        this.paramBytes = pBytes;
        this.bufferBytes = bBytes;
        this.inputBytes = in;
        this.passBytes = pass;
        this.maxDepth = DEFAULT_DEPTH;
    }

    private ModelSummary(ModelSummary s, int maxDepth) {
        this.modelType = s.modelType;
        this.layers = s.layers;
        this.withInput = s.withInput;
        this.totalParams = s.totalParams;
        this.trainableParams = s.trainableParams;
        this.paramBytes = s.paramBytes;
        this.bufferBytes = s.bufferBytes;
        this.inputBytes = s.inputBytes;
        this.passBytes = s.passBytes;
        this.maxDepth = maxDepth;
    }

    /**
     * The same summary showing rows down to {@code maxDepth} (torchinfo's {@code depth}, 3 by default); a row
     * at that depth whose children are hidden counts all the parameters below it.
     */
    public ModelSummary depth(int maxDepth) {
        if (maxDepth < 0) throw new TensorError("ModelSummary.depth: expected a depth >= 0, got " + maxDepth);
        return new ModelSummary(this, maxDepth);
    }

    /** The deepest level of rows the table shows. */
    public int maxDepth() { return maxDepth; }

    // ------------------------------------------------------------------ factories

    /** The parameter table alone (no forward is run, output shapes are absent). */
    public static ModelSummary of(Module model) {
        checkModel(model);
        return new ModelSummary(model, null, null);
    }

    /**
     * Runs {@code model.forward} once on the sample input(s) and records each module's output shape.
     * The forward runs under {@code noGrad} in eval mode, so BatchNorm's running statistics stay as they are and
     * Dropout draws no random numbers; each module's training flag and every buffer are restored afterwards,
     * and gradients are never touched. Built-in layers report their outputs exactly. A user-defined block
     * shows the shape of the tensor it returned when the trace proves which tensor that was (it is the output
     * of the block's last layer and is used unchanged after the block), or when its forward returns
     * {@code traced(input, output)}; otherwise its shape is "--". Several inputs go to
     * {@code forward(Tensor...)}.
     */
    public static ModelSummary of(Module model, Tensor... inputs) {
        checkModel(model);
        Tensor[] in = inputs.clone();
        return new ModelSummary(model, ModelTrace.run(model, in), in);
    }

    /**
     * {@link #of(Module, Tensor...)} with a zero input of this shape (batch dimension included), in the dtype
     * of the model's first floating-point parameter (the default dtype if it has none) and on its device.
     * Zeros rather than random values, so that a summary never advances the random generator.
     */
    public static ModelSummary of(Module model, long... inputShape) {
        checkModel(model);
        DType dtype = Torch.defaultDtype();
        Tensor first = null;
        for (Tensor p : model.parameters()) {
            if (p.isFloatingPoint()) {
                first = p;
                dtype = p.dtype();
                break;
            }
        }
        Tensor x = Torch.zeros(inputShape, dtype);
        if (first != null && !first.device().equals(x.device())) x = x.to(first.device());
        return of(model, x);
    }

    private static void checkModel(Module model) {
        if (model == null) throw new TensorError("summary: the model is null");
    }

    // ------------------------------------------------------------------ rows

    private static List<Layer> rows(Module model, ModelTrace trace) {
        List<Layer> out = new ArrayList<>();
        Map<Integer, Integer> perDepth = new LinkedHashMap<>();
        walk(model, "", "", 0, trace, perDepth, Collections.newSetFromMap(new IdentityHashMap<>()), out);
        return out;
    }

    private static void walk(Module m, String path, String name, int depth, ModelTrace trace, Map<Integer, Integer> perDepth,
                             java.util.Set<Module> seen, List<Layer> out) {
        if (!seen.add(m)) return;
        int index = depth == 0 ? 0 : perDepth.merge(depth, 1, Integer::sum);
        Map<String, Module> children = m.namedChildren();
        boolean leaf = children.isEmpty();
        long own = 0, ownTrainable = 0, all = 0, allTrainable = 0;
        for (var e : m.namedParameters().entrySet()) {
            long n = e.getValue().numel();
            boolean trains = e.getValue().requiresGrad();
            all += n;
            if (trains) allTrainable += n;
            if (leaf || e.getKey().indexOf('.') < 0) {
                own += n;
                if (trains) ownTrainable += n;
            }
        }
        long[] shape = null;
        if (trace != null) shape = depth != 0 ? trace.shape(m) : trace.output == null ? null : trace.output.shape();
        out.add(new Layer(path, name, typeName(m), depth, index, shape, own, ownTrainable, all, allTrainable, leaf));
        for (var c : children.entrySet()) {
            String p = path.isEmpty() ? c.getKey() : path + "." + c.getKey();
            walk(c.getValue(), p, c.getKey(), depth + 1, trace, perDepth, seen, out);
        }
    }

    /** Activations a backward pass keeps, as torchinfo estimates them: leaf layers with parameters, x2 for gradients. */
    private static long passBytes(Module model, ModelTrace trace) {
        long sum = 0;
        for (Module m : model.modules()) {
            if (!m.namedChildren().isEmpty() || m.parameters().isEmpty()) continue;
            for (Tensor t : trace.ownOutputs(m)) if (t != null) sum += 2 * bytes(t);
        }
        return sum;
    }

    private static long bytes(Tensor t) { return t.numel() * t.elementSize(); }

    /** The name PyTorch prints for a module: its class's simple name. */
    static String typeName(Module m) {
        String n = m.getClass().getSimpleName();
        return n.isEmpty() ? m.getClass().getName().replaceAll(".*[.$]", "") : n;
    }

    // ------------------------------------------------------------------ accessors

    /** All rows (including those deeper than {@link #maxDepth()}), the model's own first, in the order of its printed tree. */
    public List<Layer> layers() { return layers; }

    /** The row of the module at a dotted path ("" for the model, "conv1", "features.0"). */
    public Layer layer(String path) {
        for (Layer l : layers) if (l.path().equals(path)) return l;
        List<String> paths = new ArrayList<>();
        for (Layer l : layers) paths.add('"' + l.path() + '"');
        throw new TensorError("ModelSummary.layer: no module at path \"" + path + "\"; paths are " + paths);
    }

    public String modelType() { return modelType; }

    /** Whether a sample forward was run (output shapes and the memory estimate are present). */
    public boolean hasInput() { return withInput; }

    /** The model's output shape, or null without an input. */
    public long[] outputShape() { return layers.get(0).outputShape() == null ? null : layers.get(0).outputShape().clone(); }

    public long totalParams() { return totalParams; }

    public long trainableParams() { return trainableParams; }

    public long nonTrainableParams() { return totalParams - trainableParams; }

    public long paramBytes() { return paramBytes; }

    public long bufferBytes() { return bufferBytes; }

    public long inputBytes() { return inputBytes; }

    public long forwardBackwardBytes() { return passBytes; }

    /** Input + forward/backward pass + parameters, torchinfo's "Estimated Total Size". */
    public long totalBytes() { return inputBytes + passBytes + paramBytes; }

    // ------------------------------------------------------------------ display

    /** torchinfo's text table. */
    @Override
    public String toString() { return SummaryFormat.text(this); }

    /** The same table as trust-safe HTML (inline styles only). */
    public String html() { return SummaryFormat.html(this, null); }

    @Override
    public MimeBundle toMimeBundle() { return MimeBundle.builder(toString()).html(html()).build(); }
}
