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

    /**
     * Compiles final expressions in one javac task, in JShell's own context ({@link #directExpression});
     * null where unavailable or switched off (then JShell does).
     */
    private final DirectCompiler direct;
    /** Changes whenever JShell's state may have changed (a snippet evaluated or dropped, the class path grown). */
    private long shellGeneration;
    /** The package and imports JShell would compile a new snippet with, as of {@link #headerGeneration}. */
    private String header;
    private long headerGeneration = -1;
    private long directFailures;
    private int expressions;
    private long directRuns;
    private long directCompilations;
    /**
     * Sources that compiled as void calls, with the {@link #shellGeneration} they did so in: while
     * JShell's state is the same, the same source is a void call again (a cell run again), and its
     * failing value compilation is skipped.
     */
    private final Map<String, Long> voidCalls = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > 256;
        }
    };
    private final Map<String, DirectOrigin> directOrigins = new ConcurrentHashMap<>();

    /**
     * A class compiled by {@link #directExpression}: its code is in {@link #origins} under
     * {@code id} (as a snippet's is under the snippet's id) and starts at line {@code firstLine}.
     */
    private record DirectOrigin(String id, int firstLine) {
    }

    /** With the kernel's own compiler unless {@code -Dtensorshell.directExpressions=false}. */
    public Evaluator() {
        this(Boolean.parseBoolean(System.getProperty("tensorshell.directExpressions", "true")));
    }

    /** {@code directExpressions} false: every snippet goes through JShell (the path tests compare against). */
    Evaluator(boolean directExpressions) {
        shell = JShell.builder()
                .executionEngine(CellControl.provider(control), Map.of())
                .compilerOptions("-Xlint:none", "-proc:none")
                .fileManager(StableFileManager::new)
                .build();
        // JShell compiles against java.class.path already (and loads through the system class
        // loader); adding those entries again would make javac scan every jar twice per snippet.
        analysis = shell.sourceCodeAnalysis();
        holdIndexing();
        direct = directExpressions ? DirectCompiler.create(shell) : null;
    }

    /** JShell's eval; every change of JShell's state goes through here or {@link #drop}. */
    private List<SnippetEvent> jshellEval(String source) {
        shellGeneration++;
        return shell.eval(source);
    }

    private void drop(Snippet snippet) {
        shellGeneration++;
        shell.drop(snippet);
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
            Outcome fast = null;
            String raw = cell.substring(piece.start(), Math.min(piece.end(), cell.length())).strip();
            if (i == pieces.size() - 1 && isExpressionCandidate(raw)) {
                fast = bareVariable(raw);
                if (fast == null) {
                    fast = direct != null ? directExpression(piece, label) : finalExpression(piece, label);
                }
            } else if (direct != null) {
                if (isExpressionStatementCandidate(raw)) {
                    // a call or assignment, anywhere in the cell (only the last piece's value is shown)
                    fast = directExpression(piece, label);
                } else if (isControlStatementCandidate(raw)) {
                    fast = directStatement(piece, label);
                }
            }
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
     * Where the kernel does not compile a cell's final expression itself ({@link #directExpression}:
     * its compiler is unavailable, or JShell has not compiled a snippet yet), the expression is
     * evaluated by JShell as the declaration {@code java.lang.Object $tensorshell$value = (expr);}.
     * JShell compiles an explicitly typed declaration with three javac tasks (parse, analyse,
     * generate), a statement with four (it first tries the statement on its own) and an expression
     * with four or five (it also infers the expression's type); a javac task is most of a trivial
     * cell's cost. The value is handed
     * over as the object itself ({@link CellControl#invoke}) and the variable's field is cleared
     * at once, so the class JShell keeps loaded does not hold on to it. Unlike with JShell's own
     * expression handling the value is not kept in a {@code $N} variable. Anything that does not
     * compile this way (declarations, void calls, lambdas, errors) is evaluated by JShell as
     * written. Returns null when the fast path does not apply.
     */
    private Outcome finalExpression(Piece piece, String label) {
        String expr = expression(piece);
        String declaration = "java.lang.Object " + VALUE_VAR + " = (" + expr + "\n);";
        control.beginSnippet();
        List<SnippetEvent> events = jshellEval(declaration);
        SnippetEvent e = events.stream().filter(ev -> ev.causeSnippet() == null).findFirst().orElse(null);
        // A declaration that did not run (rejected, or "recoverable" while it waits for an undefined
        // name) is dropped and the cell's text goes to JShell as written, which reports it. Code that
        // ran (even if it failed or was stopped) is never run a second time.
        if (e == null || (e.status() != Snippet.Status.VALID && !control.snippetRan())) {
            if (e != null) {
                try {
                    drop(e.snippet());
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

    /** The value of a final piece that is just the name of a variable, or null. */
    private Outcome bareVariable(String raw) {
        return SourceVersion.isIdentifier(raw) && !SourceVersion.isKeyword(raw) ? variable(raw) : null;
    }

    /** The last piece of a cell may be an expression whose value the cell shows. */
    private static boolean isExpressionCandidate(String raw) {
        return !(raw.isEmpty() || raw.endsWith(";") || raw.endsWith("}") || DECLARATION.matcher(raw).matches());
    }

    /** Statements the kernel's compiler runs as they are ({@link #isControlStatementCandidate}). */
    private static final String CONTROL_KEYWORDS = "if|for|while|do|try|throw|assert";
    private static final java.util.regex.Pattern CONTROL_STATEMENT = java.util.regex.Pattern.compile(
            "^(\\{|(" + CONTROL_KEYWORDS + ")\\b).*", java.util.regex.Pattern.DOTALL);
    /** Any statement that is not an expression statement. */
    private static final java.util.regex.Pattern OTHER_STATEMENT = java.util.regex.Pattern.compile(
            "^(\\{|(" + CONTROL_KEYWORDS + "|switch|return|break|continue|yield|else)\\b).*",
            java.util.regex.Pattern.DOTALL);
    private static final String NAME = "[\\p{L}_$][\\w$]*";
    /** {@code Type name = ...;}, {@code Type name;}, {@code Type a, b;}, {@code Type a[]}: two names in a row. */
    private static final java.util.regex.Pattern TYPED_DECLARATION = java.util.regex.Pattern.compile(
            "^" + NAME + "(\\s*\\.\\s*" + NAME + ")*(\\s*<.*?>)?(\\s*\\[\\s*])*" // the type
                    + "\\s+" + NAME + "\\s*(=(?!=)|;|,|\\[).*", // the name, then = ; , or [
            java.util.regex.Pattern.DOTALL);

    /**
     * A piece of a cell, ended by a semicolon, that may be an expression statement (a call, an
     * assignment, ++ or --): where the kernel compiles final expressions it takes it as one. JShell
     * shows the value of such a statement too (of a call that returns one), and runs a void call
     * as a statement, as the kernel then does ({@link #directExpression}). Declarations and other
     * statements go to JShell; a piece that only looks like an expression fails to compile, without
     * running, and goes to JShell as well.
     */
    private static boolean isExpressionStatementCandidate(String raw) {
        if (!raw.endsWith(";") || raw.endsWith("};")) {
            return false;
        }
        return !(DECLARATION.matcher(raw).matches() || OTHER_STATEMENT.matcher(raw).matches()
                || TYPED_DECLARATION.matcher(raw).matches());
    }

    /**
     * A loop, if, try, throw, assert or block: JShell runs such a statement in a method of a wrapper
     * class and keeps nothing of it (its local variables stay local), which the kernel's compiler
     * does as well ({@link #directStatement}). A switch can be an expression with a value, and return,
     * break and continue are errors at the top level: JShell takes those.
     */
    private static boolean isControlStatementCandidate(String raw) {
        return CONTROL_STATEMENT.matcher(raw).matches();
    }

    private static String expression(Piece piece) {
        String expr = piece.source().strip();
        while (expr.endsWith(";")) {
            expr = expr.substring(0, expr.length() - 1).strip();
        }
        return expr;
    }

    /**
     * A cell's final expression compiled by the kernel in one javac task ({@link DirectCompiler})
     * instead of JShell's three: the class has JShell's own package and imports for a new snippet
     * (so it sees every import, variable, method and type of earlier cells as a snippet would) and
     * one method that returns the expression's value, and it is compiled in JShell's own javac
     * context for snippets (warm from the preload, so this works from the first cell). It is loaded
     * and run by JShell's engine like a snippet (same class loader, stop checks, System.exit guard).
     * Nothing is added to JShell's snippets. A void method's call does not compile as a value:
     * it is compiled again as a statement and runs without one. If it does not compile (a lambda,
     * an error, or something only JShell's own handling accepts, such as members of a variable's
     * anonymous class) nothing has run, and null sends the text to JShell as written, which reports
     * errors as usual. Before JShell has compiled anything (or after a class path change, until it
     * has again), {@link #finalExpression} runs.
     */
    private Outcome directExpression(Piece piece, String label) {
        return direct(piece, label, false);
    }

    /** A statement ({@link #isControlStatementCandidate}), compiled and run as a void call is. */
    private Outcome directStatement(Piece piece, String label) {
        return direct(piece, label, true);
    }

    private Outcome direct(Piece piece, String label, boolean statementOnly) {
        String head = header();
        if (head == null) {
            return statementOnly ? null : finalExpression(piece, label);
        }
        String expr = expression(piece);
        String simpleName = "$Tensorshell$Expr" + (++expressions);
        String binaryName = DirectCompiler.PACKAGE + "." + simpleName;
        String wrapper = "class " + simpleName + " {\n"
                + "    public static java.lang.Object do_it$() throws java.lang.Throwable {\n"
                + "        ";
        String prefix = head + wrapper;
        DirectCompiler.Result compiled = null;
        Long voidIn = statementOnly ? null : voidCalls.get(expr);
        boolean statement = statementOnly || (voidIn != null && voidIn == shellGeneration);
        if (!statement) {
            compiled = direct.compile(binaryName, head, wrapper + "return (" + expr + "\n        );\n    }\n}\n");
            directCompilations++;
            if (compiled == null) { // JShell has not compiled a snippet yet
                return finalExpression(piece, label);
            }
            // a void method's call: run it as a statement (JShell would too), in one more task rather than JShell's four
            statement = !compiled.ok() && compiled.voidValue();
            if (statement) {
                voidCalls.put(expr, shellGeneration);
            }
        }
        if (statement) {
            // `if (true)` keeps the return after it reachable whatever the statement (an endless loop, a throw)
            String body = statementOnly ? piece.source().strip() : expr + ";";
            compiled = direct.compile(binaryName, head, wrapper + "if (true) { " + body
                    + "\n        }\n        return null;\n    }\n}\n");
            directCompilations++;
        }
        if (compiled == null || !compiled.ok() || !compiled.classes().containsKey(binaryName)) {
            directFailures++;
            return null;
        }
        directRuns++;
        int firstLine = (int) prefix.chars().filter(c -> c == '\n').count() + 1;
        String id = "e" + expressions;
        origins.put(id, new Origin(label, piece.line(), piece.source()));
        directOrigins.put(binaryName, new DirectOrigin(id, firstLine));
        control.beginSnippet();
        try {
            control.loadOwn(compiled.classes().entrySet().stream()
                    .map(e -> new jdk.jshell.spi.ExecutionControl.ClassBytecodes(e.getKey(), e.getValue()))
                    .toArray(jdk.jshell.spi.ExecutionControl.ClassBytecodes[]::new));
            String key = control.invoke(binaryName, "do_it$");
            Object value = control.take(key);
            return statement ? Outcome.ok() : new Outcome(true, value, null);
        } catch (jdk.jshell.spi.ExecutionControl.StoppedException e) {
            return stopped();
        } catch (jdk.jshell.spi.ExecutionControl.ResolutionException e) {
            return new Outcome(false, null, unresolved(e.id()));
        } catch (jdk.jshell.spi.ExecutionControl.UserException e) {
            if (control.lastStopped()) {
                return stopped();
            }
            Throwable t = control.lastThrown();
            return new Outcome(false, null, t != null ? directRuntimeError(t) : CellError.of(e.causeExceptionClass(), e.getMessage()));
        } catch (jdk.jshell.spi.ExecutionControl.ExecutionControlException e) {
            return new Outcome(false, null, CellError.of("InternalError", "the cell could not run: " + e.getMessage()));
        }
    }

    /** Whether the kernel compiles final expressions itself (false where it cannot, or is told not to). */
    boolean compilesExpressions() {
        return direct != null;
    }

    /** How many javac tasks the kernel's compiler ran for cells. */
    long directCompilations() {
        return directCompilations;
    }

    /** How many final expressions the kernel's compiler tried and left to JShell. */
    long directFailures() {
        return directFailures;
    }

    /** How many final expressions ran as classes compiled by the kernel (0 where it cannot). */
    long directExpressions() {
        return directRuns;
    }

    private Outcome stopped() {
        Throwable t = control.lastThrown();
        return new Outcome(false, null, CellError.interrupted(
                t instanceof CellRunner.StuckException ? t.getMessage() : null));
    }

    /**
     * The package and import lines JShell gives a new snippet now (see {@link #directExpression}),
     * asked of JShell once per change of its state.
     */
    private String header() {
        if (header != null && headerGeneration == shellGeneration) {
            return header;
        }
        header = null;
        List<SourceCodeAnalysis.SnippetWrapper> wrappers = analysis.wrappers("java.lang.Object $tensorshell$probe = (0\n);");
        if (wrappers.size() == 1) {
            String name = wrappers.get(0).fullClassName();
            String text = wrappers.get(0).wrapped();
            int at = text.indexOf("class " + name.substring(name.lastIndexOf('.') + 1));
            if (at > 0 && text.startsWith("package " + DirectCompiler.PACKAGE + ";")) {
                header = text.substring(0, at);
                if (!header.endsWith("\n")) {
                    header += "\n";
                }
            }
        }
        headerGeneration = shellGeneration;
        return header;
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
        List<SnippetEvent> events = jshellEval(piece.source());
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

    private CellError unresolved(jdk.jshell.DeclarationSnippet snippet) {
        List<String> missing = shell.unresolvedDependencies(snippet).toList();
        String msg = describe(snippet) + " cannot be used until " + String.join(", ", missing)
                + (missing.size() == 1 ? " is" : " are") + " declared";
        return CellError.of("UnresolvedReferenceException", msg);
    }

    /** The error for code that called a declaration of snippet {@code id} that is not complete yet. */
    private CellError unresolved(int id) {
        String key = String.valueOf(id);
        return shell.snippets().filter(s -> s.id().equals(key) && s instanceof jdk.jshell.DeclarationSnippet)
                .map(s -> unresolved((jdk.jshell.DeclarationSnippet) s))
                .findFirst()
                .orElseGet(() -> CellError.of("UnresolvedReferenceException",
                        "the cell uses a declaration that cannot be used until what it refers to is declared"));
    }

    /**
     * A runtime error of a class compiled by {@link #directExpression}, shown as JShell shows a
     * snippet's: the exception is the real one, so its frames in JShell's and our classes are
     * translated here to snippet ids and lines, and the frames below the cell's code are cut.
     */
    private CellError directRuntimeError(Throwable ex) {
        List<String> lines = new ArrayList<>();
        String prefix = "";
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable t = ex; t != null && seen.add(t); t = t.getCause()) {
            String message = t.getMessage();
            lines.add(prefix + CellError.RED + t.getClass().getName() + CellError.RESET
                    + (message == null ? "" : ": " + message));
            appendFrames(lines, translate(t.getStackTrace()));
            prefix = "Caused by: ";
        }
        return new CellError(ex.getClass().getName(), ex.getMessage() == null ? "" : ex.getMessage(), lines);
    }

    private StackTraceElement[] translate(StackTraceElement[] raw) {
        int last = raw.length - 1;
        while (last >= 0 && !raw[last].getClassName().startsWith(DirectCompiler.PACKAGE + ".")) {
            last--;
        }
        if (last < 0) {
            return raw;
        }
        StackTraceElement[] out = new StackTraceElement[last + 1];
        for (int i = 0; i <= last; i++) {
            out[i] = translate(raw[i]);
        }
        return out;
    }

    private StackTraceElement translate(StackTraceElement f) {
        String cls = f.getClassName();
        String method = f.getMethodName().equals("do_it$") ? "" : f.getMethodName();
        DirectOrigin d = directOrigins.get(cls);
        if (d != null) {
            return new StackTraceElement(cls, method, "#" + d.id(), f.getLineNumber() - d.firstLine() + 1);
        }
        String wrapPrefix = DirectCompiler.PACKAGE + ".$JShell$";
        if (!cls.startsWith(wrapPrefix) || f.getLineNumber() < 1) {
            return f;
        }
        int nested = cls.indexOf('$', wrapPrefix.length());
        String outer = nested < 0 ? cls : cls.substring(0, nested);
        for (Snippet s : shell.snippets().toList()) {
            SourceCodeAnalysis.SnippetWrapper w = analysis.wrapper(s);
            if (w.fullClassName().equals(outer)) {
                return new StackTraceElement(cls, method, "#" + s.id(), snippetLine(w, s.source(), f.getLineNumber()));
            }
        }
        return f;
    }

    /** The line of a snippet's source that line {@code wrappedLine} (1-based) of its wrapped class shows. */
    private static int snippetLine(SourceCodeAnalysis.SnippetWrapper w, String source, int wrappedLine) {
        String text = w.wrapped();
        int pos = 0;
        for (int l = 1; l < wrappedLine && pos >= 0; l++) {
            pos = text.indexOf('\n', pos);
            pos = pos < 0 ? -1 : pos + 1;
        }
        if (pos < 0) {
            return 1;
        }
        while (pos < text.length() && text.charAt(pos) != '\n' && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        int at = w.wrappedToSourcePosition(pos);
        if (at < 0 || at > source.length()) {
            return 1;
        }
        return 1 + (int) source.substring(0, at).chars().filter(c -> c == '\n').count();
    }

    private CellError runtimeError(JShellException ex) {
        if (ex instanceof UnresolvedReferenceException u) {
            return unresolved(u.getSnippet());
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
        shellGeneration++;
        if (direct != null) {
            direct.classPathChanged();
        }
        shell.addToClasspath(path);
        synchronized (classpath) {
            classpath.add(path);
        }
    }

    public List<String> addedClasspath() {
        synchronized (classpath) {
            return List.copyOf(classpath);
        }
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
