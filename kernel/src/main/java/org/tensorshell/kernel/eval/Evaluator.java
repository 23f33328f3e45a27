package org.tensorshell.kernel.eval;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

import javax.lang.model.SourceVersion;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-process JShell that evaluates notebook cells. A cell is cut into JShell snippets; each is
 * evaluated in turn and the first failure ends the cell. Errors come back as {@link CellError}
 * with cell line numbers.
 */
public final class Evaluator implements AutoCloseable {
    /** The outcome of a cell: the value of its last expression (if any) or an error. */
    public record Outcome(boolean hasValue, Object value, CellError error) {
        static Outcome ok() {
            return new Outcome(false, null, null);
        }
    }

    /** Where each snippet came from: cell label and first line, for stack traces. */
    private record Origin(String cell, int line, String source) {
    }

    private final CellRunner runner = new CellRunner();
    private final CellControl control = new CellControl(runner);
    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final Map<String, Origin> origins = new ConcurrentHashMap<>();
    private final List<String> classpath = new ArrayList<>();

    public Evaluator() {
        shell = JShell.builder()
                .executionEngine(CellControl.provider(control), Map.of())
                .compilerOptions("-Xlint:none", "-proc:none")
                .fileManager(StableFileManager::new)
                .build();
        // JShell compiles against java.class.path already (and loads through the system class
        // loader); adding those entries again would make javac scan every jar twice per snippet.
        analysis = shell.sourceCodeAnalysis();
        holdIndexing();
    }

    private boolean indexingHeld;

    /**
     * JShell indexes the whole class path (JDK included) in a background thread as soon as it
     * starts. The index only serves import suggestions in completion, while on a 2-core machine
     * the indexer takes a core from start-up and from every cell it overlaps (a trivial cell ran
     * at about half speed for its first few hundred runs). So indexing is held while the kernel
     * works and let run while it is idle: the kernel calls this when a request starts and
     * {@link #releaseIndexing()} once it has been idle for a while. Needs
     * {@code --add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED} (the kernelspec has it); without it
     * indexing simply runs at once.
     */
    public synchronized void holdIndexing() {
        if (!indexingHeld) {
            indexingHeld = indexing("suspendIndexing");
        }
    }

    /** Lets JShell's class-path indexer run (again). */
    public synchronized void releaseIndexing() {
        if (indexingHeld) {
            indexingHeld = false;
            indexing("resumeIndexing");
        }
    }

    private boolean indexing(String method) {
        try {
            var m = analysis.getClass().getMethod(method);
            m.setAccessible(true);
            m.invoke(analysis);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    public CellRunner runner() {
        return runner;
    }

    public CellControl control() {
        return control;
    }

    /** Evaluates one source silently; returns null on success or the reason it failed. */
    public String quietly(String source) {
        beginCell();
        Outcome o = eval(source, "preload");
        control.clearValues();
        return o.error() == null ? null : o.error().ename() + ": " + o.error().evalue();
    }

    /**
     * Evaluates {@code cell}; {@code label} names it in stack traces (e.g. "cell [3]").
     * The value of the last snippet is returned if it is an expression or a variable reference.
     */
    public Outcome eval(String cell, String label) {
        return eval(cell, label, 0);
    }

    /** As {@link #eval(String, String)}, with the cell's text starting at line {@code firstLine} (0-based). */
    public Outcome eval(String cell, String label, int firstLine) {
        control.clearValues();
        Outcome last = Outcome.ok();
        List<Piece> pieces = split(cell);
        for (int i = 0; i < pieces.size(); i++) {
            Piece p = pieces.get(i);
            Piece piece = new Piece(p.source(), p.start(), p.end(), p.line() + firstLine, p.complete());
            Outcome fast = i == pieces.size() - 1 ? finalExpression(piece, cell, label) : null;
            last = fast != null ? fast : evalPiece(piece, cell, label);
            if (last.error() != null) {
                return last;
            }
        }
        return last;
    }

    private static final java.util.regex.Pattern DECLARATION = java.util.regex.Pattern.compile(
            "^(import|package|class|interface|enum|record|public|protected|private|static|final|abstract|"
                    + "sealed|non-sealed|strictfp|synchronized|void|var|@)\\b.*", java.util.regex.Pattern.DOTALL);

    /** The variable a cell's final expression is assigned to (see {@link #finalExpression}). */
    static final String VALUE_VAR = "$tensorshell$value";

    /**
     * A cell's final expression is evaluated as the declaration
     * {@code java.lang.Object $tensorshell$value = (expr);}. JShell compiles an explicitly typed
     * declaration with three javac tasks (parse, analyse, generate), a statement with four (it
     * first tries the statement on its own) and an expression with four or five (it also infers
     * the expression's type); a javac task is most of a trivial cell's cost. The value is handed
     * over as the object itself ({@link CellControl#invoke}) and the variable's field is cleared
     * at once, so the class JShell keeps loaded does not hold on to it. Unlike with JShell's own
     * expression handling the value is not kept in a {@code $N} variable. Anything that does not
     * compile this way (declarations, void calls, lambdas, errors) is evaluated by JShell as
     * written. Returns null when the fast path does not apply.
     */
    private Outcome finalExpression(Piece piece, String cell, String label) {
        String raw = cell.substring(piece.start(), Math.min(piece.end(), cell.length())).strip();
        if (raw.isEmpty() || raw.endsWith(";") || raw.endsWith("}") || DECLARATION.matcher(raw).matches()) {
            return null;
        }
        if (SourceVersion.isIdentifier(raw) && !SourceVersion.isKeyword(raw)) {
            Outcome variable = variable(raw);
            if (variable != null) {
                return variable;
            }
        }
        String expr = piece.source().strip();
        while (expr.endsWith(";")) {
            expr = expr.substring(0, expr.length() - 1).strip();
        }
        String declaration = "java.lang.Object " + VALUE_VAR + " = (" + expr + "\n);";
        control.beginSnippet();
        List<SnippetEvent> events = shell.eval(declaration);
        SnippetEvent e = events.stream().filter(ev -> ev.causeSnippet() == null).findFirst().orElse(null);
        // A declaration that did not run (rejected, or "recoverable" while it waits for an undefined
        // name) is dropped and the cell's text goes to JShell as written, which reports it. Code that
        // ran (even if it failed or was stopped) is never run a second time.
        if (e == null || (e.status() != Snippet.Status.VALID && !control.snippetRan())) {
            if (e != null) {
                try {
                    shell.drop(e.snippet());
                } catch (RuntimeException ignored) {
                    // a rejected snippet holds nothing worth dropping
                }
            }
            return null;
        }
        origins.put(e.snippet().id(), new Origin(label, piece.line(), piece.source()));
        Object value = control.take(e.value());
        control.clearLastStatic(VALUE_VAR);
        if (control.lastStopped()) {
            Throwable t = control.lastThrown();
            return new Outcome(false, null, CellError.interrupted(
                    t instanceof CellRunner.StuckException ? t.getMessage() : null));
        }
        if (e.exception() != null) {
            return new Outcome(false, null, runtimeError(e.exception()));
        }
        return new Outcome(true, value, null);
    }

    /**
     * A cell that ends with the bare name of a variable (showing {@code x} or {@code model} is
     * common) needs no compilation: the value is the object in the variable's field, which JShell
     * itself locates ({@link JShell#varValue}). Only for a variable that is defined and valid and
     * whose name no import also brings in; anything else returns null and is compiled as usual.
     */
    private Outcome variable(String name) {
        VarSnippet v = shell.variables()
                .filter(s -> s.name().equals(name) && shell.status(s) == Snippet.Status.VALID)
                .reduce((a, b) -> b).orElse(null);
        if (v == null || shell.imports().anyMatch(i -> i.name().equals(name) && shell.status(i).isActive())) {
            return null;
        }
        Object[] value = control.variable(() -> shell.varValue(v));
        return value == null ? null : new Outcome(true, value[0], null);
    }

    private Outcome evalPiece(Piece piece, String cell, String label) {
        control.beginSnippet();
        List<SnippetEvent> events = shell.eval(piece.source());
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) {
                continue;
            }
            Snippet sn = e.snippet();
            origins.put(sn.id(), new Origin(label, piece.line(), piece.source()));
            if (e.status() == Snippet.Status.REJECTED) {
                return new Outcome(false, null, compileError(sn, piece));
            }
            if (control.lastStopped()) {
                Throwable t = control.lastThrown();
                return new Outcome(false, null, CellError.interrupted(
                        t instanceof CellRunner.StuckException ? t.getMessage() : null));
            }
            JShellException ex = e.exception();
            if (ex != null) {
                return new Outcome(false, null, runtimeError(ex));
            }
            if (e.status() == Snippet.Status.RECOVERABLE_DEFINED || e.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                List<String> missing = sn instanceof jdk.jshell.DeclarationSnippet d
                        ? shell.unresolvedDependencies(d).toList() : List.of();
                System.err.println("note: " + describe(sn) + " was defined, but it can be used only once "
                        + String.join(", ", missing) + " " + (missing.size() == 1 ? "is" : "are") + " declared");
            }
            String key = e.value();
            if (control.hasValue(key) && showsValue(sn)) {
                return new Outcome(true, control.take(key), null);
            }
        }
        return Outcome.ok();
    }

    private static boolean showsValue(Snippet sn) {
        return sn.kind() == Snippet.Kind.EXPRESSION
                || (sn.kind() == Snippet.Kind.VAR && sn.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND);
    }

    private static String describe(Snippet sn) {
        return switch (sn.kind()) {
            case METHOD -> "method " + ((jdk.jshell.MethodSnippet) sn).name();
            case TYPE_DECL -> "type " + ((jdk.jshell.TypeDeclSnippet) sn).name();
            case VAR -> "variable " + ((VarSnippet) sn).name();
            default -> "snippet";
        };
    }

    private CellError compileError(Snippet sn, Piece piece) {
        List<Diag> diags = shell.diagnostics(sn).filter(Diag::isError).toList();
        if (diags.isEmpty()) {
            return new CellError("CompilationError", "the snippet was rejected",
                    List.of("CompilationError: the snippet was rejected: " + piece.source()));
        }
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diag d : diags) {
            String msg = d.getMessage(Locale.ROOT).replaceAll("\n\\s*location: class\\s*(?=\n|$)", "");
            int pos = (int) Math.max(0, d.getStartPosition());
            int end = (int) Math.max(pos + 1, d.getEndPosition());
            String src = piece.source();
            int lineStart = src.lastIndexOf('\n', Math.min(pos, src.length()) - 1) + 1;
            int lineEnd = src.indexOf('\n', Math.min(pos, src.length()));
            if (lineEnd < 0) {
                lineEnd = src.length();
            }
            int lineNo = piece.line() + (int) src.substring(0, lineStart).chars().filter(c -> c == '\n').count() + 1;
            int col = pos - lineStart + 1;
            String where = "line " + lineNo + ", column " + col;
            if (first == null) {
                first = where + ": " + firstLine(msg);
            }
            lines.add(CellError.RED + "CompilationError" + CellError.RESET + " at " + where + ": " + msg);
            String code = src.substring(lineStart, lineEnd);
            lines.add("    " + code);
            int markEnd = Math.min(end, lineEnd);
            lines.add("    " + " ".repeat(Math.max(0, pos - lineStart))
                    + CellError.RED + "^".repeat(Math.max(1, markEnd - pos)) + CellError.RESET);
        }
        return new CellError("CompilationError", first, lines);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private CellError runtimeError(JShellException ex) {
        if (ex instanceof UnresolvedReferenceException u) {
            List<String> missing = shell.unresolvedDependencies(u.getSnippet()).toList();
            String msg = describe(u.getSnippet()) + " cannot be used until " + String.join(", ", missing)
                    + (missing.size() == 1 ? " is" : " are") + " declared";
            return new CellError("UnresolvedReferenceException", msg,
                    List.of(CellError.RED + "UnresolvedReferenceException" + CellError.RESET + ": " + msg));
        }
        List<String> lines = new ArrayList<>();
        String ename = ex instanceof EvalException ee ? ee.getExceptionClassName() : ex.getClass().getName();
        String evalue = ex.getMessage() == null ? "" : ex.getMessage();
        Throwable t = ex;
        String prefix = "";
        while (t != null) {
            String name = t instanceof EvalException ee ? ee.getExceptionClassName() : t.getClass().getName();
            String message = t.getMessage();
            lines.add(prefix + CellError.RED + name + CellError.RESET + (message == null ? "" : ": " + message));
            appendFrames(lines, t.getStackTrace());
            prefix = "Caused by: ";
            t = t.getCause();
        }
        return new CellError(ename, evalue, lines);
    }

    /** Stack frames with snippet frames mapped to cell lines; kernel and JShell frames dropped. */
    private void appendFrames(List<String> lines, StackTraceElement[] stack) {
        int shown = 0;
        String previous = null;
        int repeats = 0;
        for (StackTraceElement f : stack) {
            String file = f.getFileName();
            String text;
            if (file != null && file.startsWith("#")) {
                Origin o = origins.get(file.substring(1));
                String method = f.getMethodName().isEmpty() ? "" : f.getMethodName() + " ";
                if (o == null) {
                    text = "at " + method + "(snippet " + file + ", line " + f.getLineNumber() + ")";
                } else {
                    int line = o.line() + f.getLineNumber();
                    String code = sourceLine(o.source(), f.getLineNumber());
                    text = "at " + method + "(" + o.cell() + ", line " + line + ")"
                            + (code.isBlank() ? "" : ":  " + code.strip());
                }
            } else if (f.getClassName().startsWith("org.tensorshell.kernel.")
                    || f.getClassName().startsWith("jdk.jshell.")
                    || f.getClassName().startsWith("jdk.internal.reflect.")
                    || f.getClassName().startsWith("java.lang.reflect.Method")) {
                continue;
            } else {
                text = "at " + f;
            }
            if (text.equals(previous)) {
                repeats++;
                continue;
            }
            if (repeats > 0) {
                lines.add("    ... repeated " + repeats + " more times");
                repeats = 0;
            }
            previous = text;
            if (++shown > 60) {
                lines.add("    ...");
                return;
            }
            lines.add("    " + text);
        }
        if (repeats > 0) {
            lines.add("    ... repeated " + repeats + " more times");
        }
    }

    private static String sourceLine(String source, int oneBased) {
        String[] ls = source.split("\n", -1);
        return oneBased >= 1 && oneBased <= ls.length ? ls[oneBased - 1] : "";
    }

    /** Cuts a cell into snippets, remembering where each starts. */
    public List<Piece> split(String cell) {
        List<Piece> pieces = new ArrayList<>();
        int offset = 0;
        String rest = cell;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            Completeness c = info.completeness();
            if (c == Completeness.EMPTY) {
                break;
            }
            int lead = leadingSkip(rest);
            int consumed;
            String source;
            boolean complete = c.isComplete();
            if (!complete || info.remaining() == null) {
                consumed = rest.length();
                source = rest.substring(lead);
            } else {
                consumed = rest.length() - info.remaining().length();
                // source() keeps the whitespace and comments before the snippet: drop them so
                // that positions in the snippet line up with `start` in the cell
                source = info.source().substring(Math.min(info.source().length(), leadingSkip(info.source())));
            }
            int start = offset + lead;
            int line = (int) cell.substring(0, start).chars().filter(ch -> ch == '\n').count();
            pieces.add(new Piece(source, start, offset + consumed, line, complete));
            offset += consumed;
            rest = rest.substring(consumed);
        }
        return pieces;
    }

    /** Length of the whitespace and comments before the first token. */
    static int leadingSkip(String s) {
        int i = 0;
        while (i < s.length()) {
            char ch = s.charAt(i);
            if (Character.isWhitespace(ch)) {
                i++;
            } else if (s.startsWith("//", i)) {
                int nl = s.indexOf('\n', i);
                i = nl < 0 ? s.length() : nl + 1;
            } else if (s.startsWith("/*", i)) {
                int close = s.indexOf("*/", i + 2);
                if (close < 0) {
                    return i;
                }
                i = close + 2;
            } else {
                break;
            }
        }
        return i;
    }

    /** is_complete: "complete", "incomplete", "invalid" or "unknown". */
    public String completeness(String code) {
        if (code.isBlank()) {
            return "complete";
        }
        String rest = code;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            switch (info.completeness()) {
                case DEFINITELY_INCOMPLETE:
                    return "incomplete";
                case UNKNOWN:
                    return "invalid";
                case EMPTY:
                    return "complete";
                case CONSIDERED_INCOMPLETE:
                    // `x` without a semicolon: a notebook runs it as an expression
                    return "complete";
                default:
                    if (info.remaining() == null || info.remaining().length() >= rest.length()) {
                        return "complete";
                    }
                    rest = info.remaining();
            }
        }
        return "complete";
    }

    /** Completion candidates at {@code cursor}: [cursorStart, matches...]. */
    public Completion complete(String cell, int cursor) {
        Piece piece = pieceAt(cell, cursor);
        if (piece == null) {
            return new Completion(cursor, cursor, List.of());
        }
        String src = cell.substring(piece.start(), Math.max(piece.start(), Math.min(piece.end(), cell.length())));
        int pos = Math.min(cursor - piece.start(), src.length());
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions = analysis.completionSuggestions(src, pos, anchor);
        LinkedHashSet<String> matches = new LinkedHashSet<>();
        suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType)
                .forEach(s -> matches.add(s.continuation()));
        suggestions.forEach(s -> matches.add(s.continuation()));
        matches.removeIf(m -> m.startsWith(VALUE_VAR));
        return new Completion(piece.start() + anchor[0], cursor, List.copyOf(matches));
    }

    /** Result of {@link #complete}. */
    public record Completion(int start, int end, List<String> matches) {
    }

    /** Signature and javadoc of what is at {@code cursor}, or null if nothing is known. */
    public String inspect(String cell, int cursor) {
        Piece piece = pieceAt(cell, cursor);
        if (piece == null) {
            return null;
        }
        String src = cell.substring(piece.start(), Math.max(piece.start(), Math.min(piece.end(), cell.length())));
        int pos = Math.min(cursor - piece.start(), src.length());
        // documentation() wants the cursor after the name, before '(' if any
        int p = pos;
        while (p < src.length() && Character.isJavaIdentifierPart(src.charAt(p))) {
            p++;
        }
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(src, p, true);
        if (docs.isEmpty() && p < src.length() && src.charAt(p) == '(') {
            docs = analysis.documentation(src, p + 1, true);
        }
        if (docs.isEmpty()) {
            // a method name without its parenthesis: ask as if the call had begun
            docs = analysis.documentation(src.substring(0, p) + "(", p + 1, true);
        }
        if (!docs.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (SourceCodeAnalysis.Documentation d : docs) {
                if (!sb.isEmpty()) {
                    sb.append("\n\n");
                }
                sb.append(d.signature());
                if (d.javadoc() != null && !d.javadoc().isBlank()) {
                    sb.append("\n\n").append(d.javadoc().strip());
                }
            }
            return sb.toString();
        }
        String word = wordAt(src, pos);
        return shell.variables()
                .filter(v -> v.name().equals(word) && shell.status(v).isActive())
                .findFirst()
                .map(v -> v.typeName() + " " + v.name())
                .orElse(null);
    }

    private static String wordAt(String s, int pos) {
        int a = Math.min(pos, s.length());
        int b = a;
        while (a > 0 && Character.isJavaIdentifierPart(s.charAt(a - 1))) {
            a--;
        }
        while (b < s.length() && Character.isJavaIdentifierPart(s.charAt(b))) {
            b++;
        }
        return s.substring(a, b);
    }

    private Piece pieceAt(String cell, int cursor) {
        Piece last = null;
        for (Piece p : split(cell)) {
            if (p.start() <= cursor) {
                last = p;
            }
        }
        if (last == null) {
            return new Piece(cell, 0, cell.length(), 0, false);
        }
        return last;
    }

    /** Adds jars or class directories for both compilation and execution. */
    public void addToClasspath(String path) {
        shell.addToClasspath(path);
        classpath.add(path);
    }

    public List<String> addedClasspath() {
        return List.copyOf(classpath);
    }

    /** Call when a new cell starts, so that an interrupt of the previous cell does not stop it. */
    public void beginCell() {
        control.beginCell();
    }

    /** Stops the running cell code (from any thread). */
    public void stop() {
        control.stop();
    }

    @Override
    public void close() {
        shell.close();
    }
}
