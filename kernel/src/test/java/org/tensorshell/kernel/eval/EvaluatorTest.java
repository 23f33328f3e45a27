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

    @BeforeAll
    void start() {
        ev = new Evaluator();
        assertNull(ev.quietly("import java.util.*;"));
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
        ok("int inv(int n) {\n  return 10 / n;\n}");
        CellError e = error("int k = 0;\ninv(k)");
        assertEquals("java.lang.ArithmeticException", e.ename());
        String tb = String.join("\n", e.traceback());
        assertTrue(tb.contains("at inv (cell [t], line 2)"), tb);
        assertTrue(tb.contains("(cell [t], line 2)"), tb);
        assertFalse(tb.contains("jdk.jshell"), tb);
        assertFalse(tb.contains("org.tensorshell.kernel"), tb);
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
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException ignored) {
                return;
            }
            ev.stop();
        });
        stopper.start();
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
}
