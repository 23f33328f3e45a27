package org.tensorshell.kernel;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.tensorshell.kernel.eval.CellError;
import org.tensorshell.kernel.eval.CellRunner;
import org.tensorshell.kernel.eval.Evaluator;
import org.tensorshell.kernel.eval.Evaluator.Outcome;
import org.tensorshell.kernel.io.Flusher;
import org.tensorshell.kernel.io.NotebookIn;
import org.tensorshell.kernel.io.StreamOut;
import org.tensorshell.kernel.wire.Channel;
import org.tensorshell.kernel.wire.Connection;
import org.tensorshell.kernel.wire.Incoming;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The Jupyter message handlers. Shell requests are handled one at a time on the shell thread;
 * control requests (interrupt, shutdown, kernel_info) on the control thread, also while a cell
 * runs.
 */
public final class Kernel {
    public static final String VERSION = "0.1.0";

    /** Imports every cell sees (API.md, the JDK basics, the display functions). */
    static final List<String> PRELOAD = List.of(
            "import java.util.*;",
            "import java.util.function.*;",
            "import java.util.stream.*;",
            "import java.io.*;",
            "import java.nio.file.*;",
            "import java.time.*;",
            "import org.tensorshell.*;",
            // single-type import: Function (custom autograd ops, API.md) would be ambiguous with java.util.function
            "import org.tensorshell.Function;",
            "import static org.tensorshell.Torch.*;",
            "import org.tensorshell.nn.*;",
            // single-type import: otherwise Module is ambiguous with java.lang.Module
            "import org.tensorshell.nn.Module;",
            "import org.tensorshell.nn.functional.F;",
            "import org.tensorshell.optim.*;",
            "import org.tensorshell.data.*;",
            "import org.tensorshell.data.datasets.*;",
            "import org.tensorshell.display.*;",
            "import static org.tensorshell.display.Plots.*;",
            "import static org.tensorshell.kernel.Notebook.*;");

    private static final Gson GSON = new Gson();

    private final Connection conn;
    private final History history = new History();
    private final Flusher flusher = new Flusher();
    private final StreamOut out;
    private final StreamOut err;
    private final CompletableFuture<Evaluator> ready = new CompletableFuture<>();
    private final List<String> missingPreload = new ArrayList<>();
    /** JShell's class-path indexer runs only after a second without requests. */
    private final IdleGate idle = new IdleGate(() -> withEvaluator(Evaluator::holdIndexing),
            () -> withEvaluator(Evaluator::releaseIndexing), 1000);
    private Renderers renderers;
    private Magics magics;
    /** Execute requests that arrived before start-up was over and wait for it. */
    private final java.util.concurrent.atomic.AtomicInteger cellsWaiting = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Incoming current;
    private volatile boolean interruptRequested;
    private int executionCount;

    public Kernel(Connection conn) {
        this.conn = conn;
        long limit = Long.getLong("tensorshell.maxOutputBytes", 2L << 20);
        StreamOut.Sink sink = (name, text) -> {
            JsonObject c = new JsonObject();
            c.addProperty("name", name);
            c.addProperty("text", text);
            conn.publish(current, MessageType.PUBLISH_STREAM, c);
        };
        out = new StreamOut("stdout", sink, flusher, limit);
        err = new StreamOut("stderr", sink, flusher, limit);
        flusher.add(out);
        flusher.add(err);
    }

    /** Redirects the process streams, starts JShell in the background and serves both channels. */
    public void start() {
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        Thread boot = new Thread(this::boot, "tensorshell-boot");
        boot.setDaemon(true);
        boot.start();
        conn.serve(conn.shell(), m -> onShell(conn.shell(), m));
        conn.serve(conn.control(), m -> onControl(conn.control(), m));
        publishStatus(null, "starting");
        publishStatus(null, "idle");
    }

    /** JShell start, preload and warm-up: runs while the client connects. */
    void boot() {
        try {
            long t0 = System.nanoTime();
            Trace trace = Trace.start("boot");
            Thread tensors = new Thread(Kernel::warmUpTensors, "tensorshell-warm-up");
            tensors.setDaemon(true);
            tensors.start();
            Evaluator ev = new Evaluator();
            System.setIn(new NotebookIn(ev.runner()::readLine));
            trace.mark("jshell");
            for (String imp : PRELOAD) {
                String failure = onClassPath(imp) ? ev.quietly(imp) : "not on the class path";
                if (failure != null) {
                    missingPreload.add(imp);
                    Log.info("preload skipped `" + imp + "`: " + failure);
                }
            }
            trace.mark("preload");
            renderers = new Renderers(Kernel.class.getClassLoader());
            magics = new Magics(ev, () -> interruptRequested, this::retryPreload);
            Notebook.install(new DisplaySink());
            // the display module's live outputs (training monitor, figures) go through the notebook's display calls
            org.tensorshell.display.Display.installSink(new org.tensorshell.display.DisplaySink() {
                @Override
                public String display(org.tensorshell.display.MimeBundle b) { return Notebook.display(b); }

                @Override
                public void update(String id, org.tensorshell.display.MimeBundle b) { Notebook.updateDisplay(id, b); }
            });
            // The warm-up readies the compile and display paths for a first cell typed later. A cell
            // already waiting would only wait longer: it takes the same paths itself.
            if (cellsWaiting.get() == 0) {
                ev.quietly("{ int warmUp = java.util.List.of(1, 2).size(); }");
                renderers.render(List.of(1));
                trace.mark("warm-up");
            }
            ready.complete(ev);
            idle.open();
            trace.done();
            Log.info(String.format("ready in %d ms", (System.nanoTime() - t0) / 1_000_000));
        } catch (Throwable t) {
            Log.warn("JShell failed to start", t);
            ready.completeExceptionally(t);
        }
    }

    /**
     * Creates and renders a small tensor on a second thread while JShell starts on this one, so
     * that loading and initialising the tensor library and its HTML display overlaps JShell's
     * start instead of adding to the first tensor cell. It draws from its own generator: the
     * default random stream, seeded the same in every fresh kernel, is left untouched.
     */
    static void warmUpTensors() {
        try {
            Trace trace = Trace.start("tensor warm-up");
            Object t = org.tensorshell.Torch.randn(new long[]{3, 3}, new org.tensorshell.Generator());
            org.tensorshell.display.Display.renderData(t);
            trace.done();
        } catch (Throwable e) { // an absent or broken tensor library shows in the cells that use it
            Log.info("tensor warm-up skipped: " + e);
        }
    }

    /**
     * Cheap check before compiling an import of ours: a package or class that is not on the
     * kernel's class path would only cost a failing compilation at start-up.
     */
    static boolean onClassPath(String importLine) {
        String name = importLine.replace("import static ", "").replace("import ", "").replace(";", "").strip();
        if (name.startsWith("java.")) {
            return true;
        }
        String resource = name.endsWith(".*")
                ? name.substring(0, name.length() - 2).replace('.', '/')
                : name.replace('.', '/');
        ClassLoader cl = Kernel.class.getClassLoader();
        boolean staticImport = importLine.startsWith("import static ");
        if (name.endsWith(".*") && !staticImport) {
            return cl.getResource(resource + "/") != null || cl.getResource(resource) != null;
        }
        return cl.getResource(resource + ".class") != null;
    }

    private void retryPreload() {
        Evaluator ev = ready.join();
        missingPreload.removeIf(imp -> ev.quietly(imp) == null);
    }

    // ---------------------------------------------------------------- dispatch

    void onShell(Channel ch, Incoming m) {
        switch (m.msgType()) {
            case "execute_request" -> busy(m, () -> execute(ch, m));
            case "kernel_info_request" -> busy(m, () -> conn.reply(ch, m, MessageType.KERNEL_INFO_REPLY, kernelInfo()));
            case "complete_request" -> busy(m, () -> complete(ch, m));
            case "inspect_request" -> busy(m, () -> inspect(ch, m));
            case "is_complete_request" -> busy(m, () -> isComplete(ch, m));
            case "history_request" -> busy(m, () -> history(ch, m));
            case "comm_info_request" -> busy(m, () -> {
                JsonObject c = ok();
                c.add("comms", new JsonObject());
                conn.reply(ch, m, MessageType.COMM_INFO_REPLY, c);
            });
            case "comm_open" -> busy(m, () -> {
                // no comm targets yet: tell the frontend the comm is closed, as ipykernel does
                JsonObject c = new JsonObject();
                c.addProperty("comm_id", m.string("comm_id", ""));
                c.add("data", new JsonObject());
                conn.publish(m, MessageType.COMM_CLOSE_COMMAND, c);
            });
            case "comm_msg", "comm_close" -> busy(m, () -> { });
            case "shutdown_request" -> shutdown(ch, m);
            default -> Log.info("ignored " + m.msgType());
        }
    }

    void onControl(Channel ch, Incoming m) {
        switch (m.msgType()) {
            case "interrupt_request" -> busy(m, () -> {
                conn.reply(ch, m, MessageType.INTERRUPT_REPLY, ok());
                interrupt();
            });
            case "shutdown_request" -> shutdown(ch, m);
            case "kernel_info_request" -> busy(m, () -> conn.reply(ch, m, MessageType.KERNEL_INFO_REPLY, kernelInfo()));
            default -> Log.info("ignored " + m.msgType() + " on control");
        }
    }

    private void busy(Incoming m, Runnable body) {
        idle.begin();
        publishStatus(m, "busy");
        try {
            body.run();
        } finally {
            publishStatus(m, "idle");
            idle.end();
        }
    }

    private void withEvaluator(java.util.function.Consumer<Evaluator> action) {
        if (ready.isDone() && !ready.isCompletedExceptionally()) {
            action.accept(ready.join());
        }
    }

    private void publishStatus(Incoming parent, String state) {
        JsonObject c = new JsonObject();
        c.addProperty("execution_state", state);
        conn.publish(parent, MessageType.PUBLISH_STATUS, c);
    }

    private static JsonObject ok() {
        JsonObject c = new JsonObject();
        c.addProperty("status", "ok");
        return c;
    }

    // ---------------------------------------------------------------- execute

    /** How long {@link #takeQueued} waits for a further request queued behind a failed cell. */
    private static final int QUEUE_GAP_MS = 10;

    private void execute(Channel ch, Incoming m) {
        Trace trace = Trace.start("execute");
        String code = m.string("code", "");
        boolean silent = m.bool("silent", false);
        boolean store = m.bool("store_history", true) && !silent;
        boolean stopOnError = m.bool("stop_on_error", true);
        boolean allowStdin = m.bool("allow_stdin", true);
        if (store) {
            executionCount++;
            history.add(executionCount, code);
        }
        int count = executionCount;
        current = m;
        interruptRequested = false;
        if (!silent) {
            JsonObject input = new JsonObject();
            input.addProperty("code", code);
            input.addProperty("execution_count", count);
            conn.publish(m, MessageType.PUBLISH_EXECUTE_INPUT, input);
        }
        out.startCell();
        err.startCell();
        CellError error;
        JsonObject userExpressions = new JsonObject();
        Evaluator ev;
        cellsWaiting.incrementAndGet();
        try {
            ev = ready.join();
        } catch (Exception e) {
            ev = null;
        } finally {
            cellsWaiting.decrementAndGet();
        }
        trace.mark("wait-for-start");
        if (ev == null) {
            error = CellError.of("KernelStartupError", "JShell could not start; see the kernel log");
        } else {
            ev.beginCell();
            ev.runner().inputService(allowStdin
                    ? (prompt, password, cancelled) -> conn.input(m, prompt, password, cancelled)
                    : (prompt, password, cancelled) -> null);
            Outcome o = code.isBlank() ? new Outcome(false, null, null) : magics.run(code, "cell [" + count + "]");
            trace.mark("eval");
            error = o.error();
            if (error == null && interruptRequested) {
                error = CellError.interrupted(null);
            }
            if (error == null && o.hasValue() && !silent) {
                error = publishResult(ev, m, count, o.value(), store);
            }
            if (error == null) {
                userExpressions = userExpressions(ev, m);
            }
            ev.control().clearValues();
            trace.mark("display");
        }
        flushStreams();
        if (error != null) {
            // requests already queued are taken before the error reply goes out, so a cell the client sends
            // after it has seen the error (or an aborted reply) is never aborted
            List<Incoming> queued = stopOnError ? takeQueued(ch) : List.of();
            JsonObject e = errorContent(error);
            conn.publish(m, MessageType.PUBLISH_ERROR, e);
            JsonObject reply = errorContent(error);
            reply.addProperty("status", "error");
            reply.addProperty("execution_count", count);
            reply.add("user_expressions", new JsonObject());
            reply.add("payload", new JsonArray());
            conn.reply(ch, m, MessageType.EXECUTE_REPLY, reply);
            abortQueued(ch, queued);
        } else {
            JsonObject reply = ok();
            reply.addProperty("execution_count", count);
            reply.add("payload", new JsonArray());
            reply.add("user_expressions", userExpressions);
            conn.reply(ch, m, MessageType.EXECUTE_REPLY, reply);
        }
        trace.mark("reply");
        trace.done();
    }

    private CellError publishResult(Evaluator ev, Incoming m, int count, Object value, boolean store) {
        Map<String, Object> bundle;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> b = renderers.runsNoUserCode(value) ? renderers.render(value)
                    : (Map<String, Object>) ev.runner().run(() -> renderers.render(value));
            bundle = b;
        } catch (CellRunner.StuckException e) {
            return CellError.interrupted(e.getMessage());
        } catch (Throwable t) {
            if (ev.runner().stopRequested() || interruptRequested) {
                return CellError.interrupted(null);
            }
            return displayError(value, t);
        }
        JsonObject c = new JsonObject();
        c.addProperty("execution_count", count);
        c.add("data", GSON.toJsonTree(bundle));
        c.add("metadata", new JsonObject());
        flushStreams();
        conn.publish(m, MessageType.PUBLISH_EXECUTION_RESULT, c);
        if (store) {
            history.output(count, String.valueOf(bundle.get("text/plain")));
        }
        return null;
    }

    private static CellError displayError(Object value, Throwable t) {
        String type = value == null ? "null" : value.getClass().getName();
        String msg = "displaying the result (a " + type + ") failed: " + t;
        List<String> tb = new ArrayList<>();
        tb.add("\u001b[31;1m" + t.getClass().getName() + "\u001b[0m: " + msg);
        for (StackTraceElement f : t.getStackTrace()) {
            if (f.getClassName().startsWith("org.tensorshell.kernel.")) {
                break;
            }
            tb.add("    at " + f);
        }
        return new CellError(t.getClass().getName(), msg, tb);
    }

    private JsonObject userExpressions(Evaluator ev, Incoming m) {
        JsonObject result = new JsonObject();
        JsonObject exprs = m.content().has("user_expressions") && m.content().get("user_expressions").isJsonObject()
                ? m.content().getAsJsonObject("user_expressions") : new JsonObject();
        for (String name : exprs.keySet()) {
            Outcome o = ev.eval(exprs.get(name).getAsString(), "user_expressions");
            JsonObject r;
            if (o.error() != null) {
                r = errorContent(o.error());
                r.addProperty("status", "error");
            } else {
                r = ok();
                Map<String, Object> bundle;
                try {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> b = (Map<String, Object>) ev.runner().run(() -> renderers.render(o.value()));
                    bundle = b;
                } catch (Throwable t) {
                    bundle = Map.of("text/plain", "<" + t + ">");
                }
                r.add("data", GSON.toJsonTree(bundle));
                r.add("metadata", new JsonObject());
            }
            result.add(name, r);
        }
        return result;
    }

    private static JsonObject errorContent(CellError e) {
        JsonObject c = new JsonObject();
        c.addProperty("ename", e.ename());
        c.addProperty("evalue", e.evalue() == null ? "" : e.evalue());
        JsonArray tb = new JsonArray();
        e.traceback().forEach(tb::add);
        c.add("traceback", tb);
        return c;
    }

    /**
     * The shell requests that wait behind a failed cell, in order: those that have arrived, and any that follow
     * within {@link #QUEUE_GAP_MS} of the last (a "Run All" whose requests are still on the way). None of them can
     * have been sent after the client saw the failure, since its reply goes out only after this.
     */
    private static List<Incoming> takeQueued(Channel ch) {
        List<Incoming> queued = new ArrayList<>();
        ch.setReceiveTimeOut(QUEUE_GAP_MS);
        try {
            Incoming next;
            while ((next = ch.receiveValid()) != null) {
                queued.add(next);
            }
        } finally {
            ch.setReceiveTimeOut(-1);
        }
        return queued;
    }

    /**
     * After a failed cell with stop_on_error, the execute requests that were queued behind it are aborted (as
     * ipykernel does); other requests among them are answered as usual.
     */
    private void abortQueued(Channel ch, List<Incoming> queued) {
        for (Incoming q : queued) {
            if ("execute_request".equals(q.msgType())) {
                busy(q, () -> {
                    JsonObject c = new JsonObject();
                    c.addProperty("status", "aborted");
                    c.addProperty("execution_count", executionCount);
                    conn.reply(ch, q, MessageType.EXECUTE_REPLY, c);
                });
            } else {
                onShell(ch, q);
            }
        }
    }

    private void flushStreams() {
        System.out.flush();
        System.err.flush();
        long droppedOut = out.dropped();
        long droppedErr = err.dropped();
        flusher.publishAll();
        if (droppedOut + droppedErr > 0) {
            out.startCell();
            err.startCell();
            JsonObject c = new JsonObject();
            c.addProperty("name", "stderr");
            c.addProperty("text", String.format("%n[output truncated: %,d bytes were not shown; the limit is %,d bytes"
                    + " per cell (-Dtensorshell.maxOutputBytes)]%n", droppedOut + droppedErr,
                    Long.getLong("tensorshell.maxOutputBytes", 2L << 20)));
            conn.publish(current, MessageType.PUBLISH_STREAM, c);
        }
    }

    private void interrupt() {
        interruptRequested = true;
        Evaluator ev = ready.getNow(null);
        if (ev != null) {
            ev.stop();
        }
    }

    // ---------------------------------------------------------------- other requests

    private JsonObject kernelInfo() {
        JsonObject lang = new JsonObject();
        lang.addProperty("name", "java");
        lang.addProperty("version", Runtime.version().toString());
        lang.addProperty("mimetype", "text/x-java");
        lang.addProperty("file_extension", ".java");
        JsonObject cm = new JsonObject();
        cm.addProperty("name", "text/x-java");
        lang.add("codemirror_mode", cm);
        lang.addProperty("pygments_lexer", "java");
        JsonObject c = ok();
        c.addProperty("protocol_version", Connection.PROTOCOL_VERSION);
        c.addProperty("implementation", "tensorshell");
        c.addProperty("implementation_version", VERSION);
        c.add("language_info", lang);
        c.addProperty("banner", "Tensorshell " + VERSION + ": Java " + Runtime.version()
                + " (JShell in-process) with PyTorch-style tensors");
        c.addProperty("debugger", false);
        JsonArray links = new JsonArray();
        JsonObject api = new JsonObject();
        api.addProperty("text", "Java SE API");
        api.addProperty("url", "https://docs.oracle.com/en/java/javase/" + Runtime.version().feature() + "/docs/api/");
        links.add(api);
        c.add("help_links", links);
        return c;
    }

    private void complete(Channel ch, Incoming m) {
        String code = m.string("code", "");
        int cursor = Math.min(m.integer("cursor_pos", code.length()), code.length());
        JsonObject c = ok();
        JsonArray matches = new JsonArray();
        int start = cursor;
        int lineStart = code.lastIndexOf('\n', Math.max(0, cursor - 1)) + 1;
        String linePrefix = code.substring(lineStart, cursor);
        if (linePrefix.stripLeading().startsWith("%")) {
            String word = linePrefix.strip();
            start = cursor - word.length();
            for (String magic : word.startsWith("%%") ? Magics.CELL : Magics.LINE) {
                if (magic.startsWith(word)) {
                    matches.add(magic);
                }
            }
        } else {
            Evaluator.Completion comp = ready.join().complete(code, cursor);
            comp.matches().forEach(matches::add);
            start = comp.start();
        }
        c.add("matches", matches);
        c.addProperty("cursor_start", start);
        c.addProperty("cursor_end", cursor);
        c.add("metadata", new JsonObject());
        conn.reply(ch, m, MessageType.COMPLETE_REPLY, c);
    }

    private void inspect(Channel ch, Incoming m) {
        String code = m.string("code", "");
        int cursor = Math.min(m.integer("cursor_pos", code.length()), code.length());
        String doc = null;
        try {
            doc = ready.join().inspect(code, cursor);
        } catch (RuntimeException e) {
            Log.warn("inspect failed", e);
        }
        JsonObject c = ok();
        c.addProperty("found", doc != null);
        JsonObject data = new JsonObject();
        if (doc != null) {
            data.addProperty("text/plain", doc);
        }
        c.add("data", data);
        c.add("metadata", new JsonObject());
        conn.reply(ch, m, MessageType.INSPECT_REPLY, c);
    }

    private void isComplete(Channel ch, Incoming m) {
        String code = m.string("code", "");
        String status = code.stripLeading().startsWith("%") && !code.contains("\n")
                ? "complete" : ready.join().completeness(code);
        JsonObject c = new JsonObject();
        c.addProperty("status", status);
        if (status.equals("incomplete")) {
            c.addProperty("indent", "    ");
        }
        conn.reply(ch, m, MessageType.IS_COMPLETE_REPLY, c);
    }

    private void history(Channel ch, Incoming m) {
        boolean output = m.bool("output", false);
        JsonArray h = switch (m.string("hist_access_type", "tail")) {
            case "range" -> history.range(m.integer("session", 0), m.integer("start", 0), m.integer("stop", 0), output);
            case "search" -> history.search(m.string("pattern", "*"), m.integer("n", 0), m.bool("unique", false), output);
            default -> history.tail(m.integer("n", 10), output);
        };
        JsonObject c = ok();
        c.add("history", h);
        conn.reply(ch, m, MessageType.HISTORY_REPLY, c);
    }

    private void shutdown(Channel ch, Incoming m) {
        publishStatus(m, "busy");
        JsonObject c = ok();
        c.addProperty("restart", m.bool("restart", false));
        conn.reply(ch, m, MessageType.SHUTDOWN_REPLY, c);
        publishStatus(m, "idle");
        interrupt();
        conn.drain(500);
        try {
            Thread.sleep(100); // let ZeroMQ's I/O thread put the reply on the wire
        } catch (InterruptedException ignored) {
            // exit anyway
        }
        Log.info("shutdown requested; exiting");
        Runtime.getRuntime().halt(0);
    }

    // ---------------------------------------------------------------- display functions

    private final class DisplaySink implements Notebook.Sink {
        @Override
        public void display(Object value, String displayId, boolean update) {
            Map<String, Object> bundle = renderers.render(value);
            JsonObject c = new JsonObject();
            c.add("data", GSON.toJsonTree(bundle));
            c.add("metadata", new JsonObject());
            JsonObject transient_ = new JsonObject();
            transient_.addProperty("display_id", displayId);
            c.add("transient", transient_);
            flusher.publishAll();
            conn.publish(current, update ? MessageType.PUBLISH_UPDATE_DISPLAY_DATA : MessageType.PUBLISH_DISPLAY_DATA, c);
        }

        @Override
        public void clearOutput(boolean wait) {
            flusher.publishAll();
            JsonObject c = new JsonObject();
            c.addProperty("wait", wait);
            conn.publish(current, MessageType.PUBLISH_CLEAR_OUTPUT, c);
        }
    }
}
