package org.tensorshell.kernel.eval;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** {@link ImportFilter}: only imports that certainly provide no name of the source are dropped. */
class ImportFilterTest {
    private static final String HEADER = "package REPL;\n"
            + "import java.util.*;import java.awt.*;import static org.x.Torch.*;import org.x.nn.Module;"
            + "import static REPL.$JShell$3.x;import static REPL.$JShell$4.twice;import org.y.*;\n";
    private static final Map<String, Set<String>> MEMBERS = Map.of(
            "java.util", Set.of("List", "Map", "HashMap"),
            "java.awt", Set.of("List", "Color"),
            "static org.x.Torch", Set.of("randn", "zeros", "Tensor"));

    private static String narrow(String source) {
        return new ImportFilter().narrow(HEADER, source, MEMBERS::get); // org.y: unknown
    }

    @Test
    void keepsWhatCanProvideANameAndWhatIsUnknown() {
        String h = narrow("class A { Object f() { return (1 + 1); } }");
        assertEquals("package REPL;\nimport org.y.*;\n", h);
        h = narrow("class A { Object f() { return (List.of(x, twice(2))); } }");
        assertTrue(h.contains("import java.util.*;") && h.contains("import java.awt.*;"), h); // both provide List
        assertTrue(h.contains("import static REPL.$JShell$3.x;") && h.contains("import static REPL.$JShell$4.twice;"), h);
        assertFalse(h.contains("Torch") || h.contains("Module"), h);
        h = narrow("class A { Object f() { return (randn(2, 2).add(new Module() {})); } }");
        assertTrue(h.contains("import static org.x.Torch.*;") && h.contains("import org.x.nn.Module;"), h);
        assertFalse(h.contains("java.util") || h.contains("java.awt") || h.contains("$JShell$3"), h);
    }

    @Test
    void linesKeepTheirNumbers() {
        String header = "package REPL;\nimport java.util.*;\nimport java.awt.*;\n";
        String h = new ImportFilter().narrow(header, "Color.RED", MEMBERS::get);
        assertEquals(header.chars().filter(c -> c == '\n').count(), h.chars().filter(c -> c == '\n').count());
        assertEquals("package REPL;\n\nimport java.awt.*;\n", h);
    }

    @Test
    void unicodeEscapesKeepEveryImport() {
        assertEquals(HEADER, narrow("class A { Object f() { return (\\u004Cist.of()); } }"));
    }

    @Test
    void identifiersSkipLiteralsCommentsAndNumbers() {
        assertEquals(Set.of("a", "b", "c"), ImportFilter.identifiers("a + \"List x\" + 'y' + /* Map */ b // zeros\n + c"));
        assertEquals(Set.of("s"), ImportFilter.identifiers("s + \"\"\"\n  text \\\"\"\" Map\n  \"\"\" + 0x1F + 10L + 1e5f + 2.5"));
        assertEquals(Set.of("x", "length"), ImportFilter.identifiers("x.length + \"a\\\"List\""));
    }
}
