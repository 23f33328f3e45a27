package org.tensorshell.kernel.eval;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvaluatorTest {
    private Evaluator ev;

    /** The evaluator under test: final expressions compiled by the kernel where it can. */
    Evaluator newEvaluator() {
        return new Evaluator();
    }

    @BeforeAll
    void start() throws InterruptedException {
        ev = newEvaluator();
        assertNull(ev.quietly("import java.util.*;"));
        assertEquals(expectsDirect(), ev.compilesExpressions());
        assertEquals(3, ok("1 + 2").value());
    }

    @AfterAll
    void stop() {
        ev.close();
    }

    private Evaluator.Outcome ok(String code) {
        ev.beginCell();
        Evaluator.Outcome o = ev.eval(code, "cell [t]");
        assertNull(o.error(), () -> code + " failed: " + o.error());
        return o;
    }

    /** Names resolve as with all of JShell's imports, where the kernel compiles with only those a cell can use. */
    @Test
    void importsResolveNamesAsJShellDoes() {
        Evaluator e = newEvaluator();
        try {
            assertNull(e.quietly("import java.util.*;"));
            assertNull(e.quietly("import java.awt.*;"));
            e.beginCell();
            assertNotNull(e.eval("List.of(1)", "cell [t]").error(), "java.util.List and java.awt.List are ambiguous");
            assertNull(e.quietly("import java.util.List;"));
            e.beginCell();
            assertEquals(List.of(1), e.eval("List.of(1)", "cell [t]").value(), "the single-type import decides");
            assertNull(e.quietly("import static java.lang.Math.*;"));
            assertNull(e.quietly("int max = 7;"));
            e.beginCell();
            assertEquals(10, e.eval("max(1, 3) + max", "cell [t]").value(), "a method and a variable of one name");
            e.beginCell();
            assertEquals("java.awt.Color", e.eval("Color.RED.getClass().getName()", "cell [t]").value());
            e.beginCell();
            assertEquals(2, e.eval("1 + 1", "cell [t]").value());
        } finally {
            e.close();
        }
    }

    /** A started thread that stops the running cell after {@code millis}. */
    private Thread stopAfter(long millis) {
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException ignored) {
                return;
            }
            ev.stop();
        });
        stopper.start();
        return stopper;
    }

    private CellError error(String code) {
        ev.beginCell();
        Evaluator.Outcome o = ev.eval(code, "cell [t]");
        assertNotNull(o.error(), code + " did not fail");
        return o.error();
    }

    @Test
    void valueIsTheRealObject() {
        Evaluator.Outcome o = ok("int a = 1; new int[]{a, 2}");
        assertTrue(o.hasValue());
        assertArrayEquals(new int[]{1, 2}, (int[]) o.value());
        assertEquals(List.of(1, 2), ok("List.of(1, 2)").value());
        assertEquals(2, ok("a + 1").value());
    }

    @Test
    void declarationsAndStatementsHaveNoValue() {
        assertFalse(ok("int declared = 3;").hasValue());
        assertFalse(ok("System.out.print(\"\");").hasValue());
        assertFalse(ok("void m() {}").hasValue());
    }

    @Test
    void finalExpressionFastPathKeepsSemantics() {
        assertFalse(ok("System.out.print(\"\")").hasValue(), "void call without semicolon");
        assertFalse(ok("int noSemicolon = 3").hasValue(), "declaration without semicolon");
        assertEquals(4, ok("noSemicolon + 1 // trailing comment").value());
        assertEquals("x", ok("String.valueOf('x')").value());
        assertEquals(List.of(3), ok("List.of(noSemicolon)").value());
        CellError e = error("int ok1 = 1;\nok1 + unknownThing");
        assertTrue(e.evalue().startsWith("line 2, column 7"), e.evalue());
        CellError r = error("int[] arr = new int[1];\narr[5]");
        assertEquals("java.lang.ArrayIndexOutOfBoundsException", r.ename());
        assertTrue(String.join("\n", r.traceback()).contains("line 2"), r.traceback().toString());
    }

    @Test
    void finalValueIsNotKeptByTheKernel() throws InterruptedException {
        Evaluator.Outcome o = ok("new StringBuilder(\"held only by the caller\")");
        java.lang.ref.WeakReference<Object> ref = new java.lang.ref.WeakReference<>(o.value());
        o = null;
        ok("1 + 1");
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(ref.get(), "the cell's value is still reachable from the kernel");
        assertTrue(ev.complete("$tensorshell", 12).matches().stream().noneMatch(c -> c.contains("tensorshell$value")));
    }

    @Test
    void finalExpressionsOfEveryKind() {
        assertEquals(3L, ok("1L + 2").value());
        assertEquals('c', ok("'c'").value());
        assertEquals(Boolean.TRUE, ok("1 < 2").value());
        assertEquals(List.of("a"), ok("List.of(\"a\")").value());
        assertEquals(6, ok("switch (3) { case 3 -> 6; default -> 0; }").value());
        assertFalse(ok("Runnable r = () -> {}; r.run()").hasValue(), "void call");
        assertTrue(ok("(Runnable) () -> {}").value() instanceof Runnable);
        assertNull(ok("(String) null").value());
        assertEquals(1, ok("int[] one = {1}; one[0]++").value());
        assertEquals(2, ok("one[0]").value(), "the expression ran once");
        assertEquals("java.lang.ArithmeticException", error("one[0]++ / 0").ename());
        assertEquals(3, ok("one[0]").value(), "a failing expression ran once");
    }

    @Test
    void aFinalExpressionWithAnUndefinedNameIsACompileError() {
        for (String code : List.of("notDefinedYet(1)", "new NotAClassYet()", "NotAClassYet.make()", "unknownVar")) {
            CellError e = error(code);
            assertEquals("CompilationError", e.ename(), code);
            assertTrue(e.evalue().contains("cannot find symbol"), code + ": " + e.evalue());
        }
    }

    @Test
    void nullIsAValue() {
        Evaluator.Outcome o = ok("String nothing = null; nothing");
        assertTrue(o.hasValue());
        assertNull(o.value());
    }

    @Test
    void splitKeepsCellLines() {
        List<Piece> pieces = ev.split("int x = 1;\n\n// comment\nint y =\n   2;\nx + y");
        assertEquals(3, pieces.size());
        assertEquals(0, pieces.get(0).line());
        assertEquals(3, pieces.get(1).line());
        assertTrue(pieces.get(1).source().startsWith("int y"));
        assertEquals(5, pieces.get(2).line());
    }

    @Test
    void compileErrorNamesCellLineAndColumn() {
        CellError e = error("int p = 1;\nint q = p +\n    missingName;");
        assertEquals("CompilationError", e.ename());
        assertTrue(e.evalue().startsWith("line 3, column 5: cannot find symbol"), e.evalue());
        assertTrue(e.traceback().stream().anyMatch(l -> l.contains("missingName")));
    }

    @Test
    void runtimeErrorMapsFramesToCellLines() {
        ev.beginCell();
        assertNull(ev.eval("int inv(int n) {\n  int q = 10 / n;\n  return q;\n}", "cell [4]").error());
        ev.beginCell();
        CellError e = ev.eval("int k = 0;\n\ninv(k)", "cell [5]").error();
        assertNotNull(e);
        assertEquals("java.lang.ArithmeticException", e.ename());
        String tb = String.join("\n", e.traceback());
        assertTrue(tb.contains("at inv (cell [4], line 2):  int q = 10 / n;"), tb);
        assertTrue(tb.contains("(cell [5], line 3):  inv(k)"), tb);
        assertFalse(tb.contains("jdk.jshell"), tb);
        assertFalse(tb.contains("org.tensorshell.kernel"), tb);
        assertFalse(tb.contains("REPL."), tb);
        assertFalse(tb.contains("java.lang.Thread.run"), tb);
    }

    @Test
    void causesAreShown() {
        CellError e = error("throw new RuntimeException(\"outer\", new IllegalStateException(\"inner\"));");
        String tb = String.join("\n", e.traceback());
        assertTrue(tb.contains("Caused by: "), tb);
        assertTrue(tb.contains("inner"), tb);
    }

    @Test
    void systemExitIsBlocked() {
        CellError e = error("System.exit(4);");
        assertTrue(e.evalue().contains("System.exit(4) was blocked"), e.evalue());
        assertEquals(5, ok("5").value());
    }

    @Test
    void redefinitionKeepsUnrelatedVariables() {
        ok("int kept = 7; int sq(int x) { return x * x; }");
        ok("int sq(int x) { return x * x + 0; }");
        ok("class Box { int v; }");
        ok("class Box { int v; int w; }");
        assertEquals(11, ok("kept + sq(2)").value());
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void whileTrueStopsWithinASecond() throws Exception {
        ok("int survivor = 99;");
        Thread stopper = stopAfter(300);
        long t0 = System.nanoTime();
        CellError e = error("long n = 0; while (true) { n++; }");
        long stoppedAfter = (System.nanoTime() - t0) / 1_000_000 - 300;
        stopper.join();
        assertEquals("InterruptedException", e.ename());
        assertTrue(stoppedAfter < 1000, "stopped after " + stoppedAfter + " ms");
        assertEquals(99, ok("survivor").value());
        long leftover = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("tensorshell-cell") && t.isAlive()).count();
        assertEquals(0, leftover, "a cell thread is still running");
    }

    @Test
    void completionAndInspection() {
        assertTrue(ev.complete("Math.ma", 7).matches().contains("max("));
        assertEquals(5, ev.complete("Math.ma", 7).start());
        String doc = ev.inspect("Math.max", 8);
        assertNotNull(doc);
        assertTrue(doc.contains("max("), doc);
    }

    @Test
    void completeness() {
        assertEquals("complete", ev.completeness("1 + 1"));
        assertEquals("complete", ev.completeness("int a = 1;"));
        assertEquals("incomplete", ev.completeness("for (int i = 0; i < 3; i++) {"));
        assertEquals("invalid", ev.completeness("1 +* 2 ]"));
    }

    @Test
    void aVariableShownByNameIsTheObjectItHolds() {
        ok("var shown = new StringBuilder(\"a\");");
        Object first = ok("shown").value();
        assertTrue(first instanceof StringBuilder);
        ok("shown.append(\"b\");");
        assertSame(first, ok("shown").value());
        assertEquals("ab", ok("shown").value().toString());
        ok("int shownCount = 41;");
        assertEquals(41, ok("shownCount").value());
        ok("shownCount++;");
        assertEquals(42, ok("shownCount").value());
        ok("String shown = \"redefined\";");
        assertEquals("redefined", ok("shown").value());
        assertEquals("redefined!", ok("shown + \"!\"").value());
        // declared with a type that does not exist yet: not read directly, same error as compiled
        ok("NotYetDeclared later;");
        assertEquals(error("(later)").ename(), error("later").ename());
        assertEquals("CompilationError", error("noSuchVariable").ename());
    }

    boolean expectsDirect() {
        return true;
    }

    @Test
    void finalExpressionsCompileInOneTaskWhereTheKernelCan() {
        long before = ev.directExpressions();
        assertEquals(2, ok("1 + 1").value());
        assertEquals(expectsDirect() ? before + 1 : 0, ev.directExpressions());
    }

    @Test
    void finalExpressionsSeeEarlierCellsAsTheyAreNow() {
        ok("int level() { return 1; }");
        assertEquals(1, ok("level()").value());
        ok("int level() { return 2; }");
        assertEquals(2, ok("level()").value(), "a redefined method");
        ok("record Pt(int x) {}");
        assertEquals(3, ok("new Pt(3).x()").value());
        ok("record Pt(int x, int y) {}");
        assertEquals(4, ok("new Pt(1, 4).y()").value(), "a redefined record");
        ok("int counter = 10;");
        assertEquals(11, ok("++counter").value());
        assertEquals(11, ok("counter").value(), "an expression's side effect on a variable stays");
        ok("String counter = \"now a string\";");
        assertEquals(12, ok("counter.length()").value(), "a variable redeclared with another type");
    }

    @Test
    void dependentsJShellRecompilesAreSeenAsTheyAreNow() {
        // JShell recompiles `outer` in place when `inner` changes; expressions compiled by the kernel
        // share JShell's javac context, so what it read of the old classes must not linger there
        ok("int inner() { return 1; }");
        ok("int outer() { return inner() * 10; }");
        assertEquals(10, ok("outer()").value());
        ok("int inner() { return 2; }");
        assertEquals(20, ok("outer()").value(), "the dependent method after a redefinition");
        ok("class Box { int v() { return 3; } }");
        ok("int unbox(Box b) { return b.v(); }");
        assertEquals(3, ok("unbox(new Box())").value());
        ok("class Box { int v() { return 4; } }");
        assertEquals(4, ok("unbox(new Box())").value(), "a method taking a redefined class");
        for (int i = 0; i < 5; i++) {
            ok("int step" + i + " = " + i + ";");
            assertEquals(i + 1, ok("step" + i + " + 1").value());
            assertEquals("CompilationError", error("step" + i + " + undefinedName").ename());
            assertEquals(i * 2, ok("step" + i + " * 2").value(), "after a failed compilation");
        }
    }

    @Test
    void statementsEndingWithASemicolonKeepJShellsMeaning() {
        ok("int calls = 0;");
        ok("void bump() { calls++; }");
        long direct = ev.directExpressions();
        assertFalse(ok("bump();").hasValue(), "a void call shows nothing");
        assertEquals(1, ok("calls").value(), "the void call ran once");
        assertEquals(expectsDirect() ? direct + 1 : 0, ev.directExpressions());
        long compilations = ev.directCompilations();
        assertFalse(ok("bump();").hasValue());
        assertEquals(expectsDirect() ? compilations + 1 : 0, ev.directCompilations(),
                "run again while JShell's state is the same, a void call compiles once");
        assertEquals(2, ok("calls").value());
        ok("int unrelated = 0;");
        compilations = ev.directCompilations();
        assertFalse(ok("bump();").hasValue());
        assertEquals(expectsDirect() ? compilations + 2 : 0, ev.directCompilations(), "after JShell's state changed");
        ok("calls = 1;");
        assertEquals(4, ok("Math.max(3, 4);").value(), "a call's value is shown, as JShell shows it");
        assertEquals(5, ok("calls = 5;").value(), "an assignment's value");
        assertEquals(6, ok("++calls;").value());
        assertEquals(6, ok("calls").value());
        assertFalse(ok("List<String> names = new ArrayList<>();").hasValue(), "a declaration with a generic type");
        assertEquals(true, ok("names.add(\"a\");").value());
        assertEquals(1, ok("names.size()").value(), "the declared variable is JShell's");
        assertFalse(ok("int[] arr2 = new int[2], arr3;").hasValue());
        assertEquals(2, ok("arr2.length").value());
        long beforeLoops = ev.directExpressions();
        assertFalse(ok("for (int i = 0; i < 2; i++) bump();").hasValue());
        assertFalse(ok("if (calls > 0) bump();").hasValue());
        assertEquals(9, ok("calls").value(), "loops and ifs ran once");
        assertEquals(expectsDirect() ? beforeLoops + 2 : 0, ev.directExpressions());
        assertFalse(ok("for (int k = 0; k < 3; k++) {\n    int local = k;\n    calls += local;\n}").hasValue());
        assertEquals(12, ok("calls").value());
        assertEquals("CompilationError", error("local").ename(), "a loop's local variable stays local, as in JShell");
        assertFalse(ok("try { Integer.parseInt(\"x\"); } catch (NumberFormatException nfe) { calls = -1; }").hasValue());
        assertEquals(-1, ok("calls").value());
        ok("calls = 9;");
        CellError thrown = error("int pad = 0;\n{\n    throw new IllegalArgumentException(\"from a block\");\n}");
        assertEquals("java.lang.IllegalArgumentException", thrown.ename());
        assertTrue(String.join("\n", thrown.traceback()).contains("line 3"), thrown.traceback().toString());
        long before = ev.directExpressions();
        assertEquals(63, ok("bump();\nbump();\ncalls = calls + 10;\nint twice = 2 * calls;\ncalls + twice").value(),
                "calls and assignments in the middle of a cell, with a declaration between them");
        assertEquals(expectsDirect() ? before + 4 : 0, ev.directExpressions());
        ok("void boom() { throw new IllegalStateException(\"boom\"); }");
        CellError e = error("int before = 1;\nboom();");
        assertEquals("java.lang.IllegalStateException", e.ename());
        assertTrue(String.join("\n", e.traceback()).contains("line 2"), e.traceback().toString());
        CellError mid = error("bump();\nboom();\nbump();");
        assertEquals("java.lang.IllegalStateException", mid.ename());
        assertEquals(22, ok("calls").value(), "the cell stopped at the failing call");
    }

    @Test
    void whatOnlyJShellAcceptsStillWorks() {
        // the declared type of `anon` is an anonymous class: only JShell's own handling sees its field
        ok("var anon = new Object() { int field = 6; };");
        assertEquals(6, ok("anon.field").value());
        assertEquals(7, ok("anon.field + 1").value());
        assertFalse(ok("System.out.print(\"\")").hasValue(), "void call");
    }

    @Test
    void anExpressionUsingAJdkModuleOutsideJavaSeWorks() {
        assertEquals("jdk.jfr.Recording", ok("jdk.jfr.Recording.class.getName()").value());
        assertEquals("com.sun.net.httpserver.HttpServer", ok("com.sun.net.httpserver.HttpServer.class.getName()").value());
    }

    @Test
    void anImportOfAJdkModuleOutsideJavaSeStillCompilesInOneTask() {
        try (Evaluator own = newEvaluator()) {
            assertNull(own.quietly("import com.sun.net.httpserver.HttpServer;"));
            long failures = own.directFailures();
            long direct = own.directExpressions();
            for (String code : new String[] {"HttpServer.class.getSimpleName()", "2 * 3", "3 + 4"}) {
                own.beginCell();
                Evaluator.Outcome o = own.eval(code, "cell [h]");
                assertNull(o.error(), code);
                assertTrue(o.hasValue(), code);
            }
            assertEquals(failures, own.directFailures());
            assertEquals(expectsDirect() ? direct + 3 : 0, own.directExpressions());
        }
    }

    @Test
    void aDeclarationThatIsNotCompleteYetIsReported() {
        ok("int needsHelper() { return helperNotYetWritten(); }");
        CellError e = error("needsHelper()");
        assertEquals("UnresolvedReferenceException", e.ename());
        assertTrue(e.evalue().contains("helperNotYetWritten"), e.evalue());
        ok("int helperNotYetWritten() { return 8; }");
        assertEquals(8, ok("needsHelper()").value());
    }

    @Test
    void systemExitInsideAnExpressionIsBlocked() {
        CellError e = error("java.util.Optional.of(3).map(v -> { System.exit(v); return v; }).get()");
        assertTrue(e.evalue().contains("System.exit(3) was blocked"), e.evalue());
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anEndlessExpressionStops() throws Exception {
        ok("int spinForever() { long n = 0; while (true) { n++; } }");
        Thread stopper = stopAfter(300);
        CellError e = error("spinForever() + 1");
        stopper.join();
        assertEquals("InterruptedException", e.ename());
        assertEquals(4, ok("2 + 2").value());
    }

    @Test
    void classesAddedToTheClassPathAreSeen() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("tensorshell-cp");
        java.nio.file.Path src = dir.resolve("Greeter.java");
        java.nio.file.Files.writeString(src, "package extra; public class Greeter { public static String hi() { return \"hi\"; } }");
        int rc = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null,
                "-d", dir.toString(), src.toString());
        assertEquals(0, rc);
        assertEquals("CompilationError", error("extra.Greeter.hi()").ename());
        ev.addToClasspath(dir.toString());
        assertEquals("hi", ok("extra.Greeter.hi()").value());
    }
}
