package org.tensorshell.kernel.eval;

import org.junit.jupiter.api.Test;

import javax.tools.StandardJavaFileManager;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StableFileManagerTest {
    /** A file manager that records the options it is handed. */
    private static StandardJavaFileManager recording(List<String> seen) {
        return (StandardJavaFileManager) Proxy.newProxyInstance(StandardJavaFileManager.class.getClassLoader(),
                new Class<?>[]{StandardJavaFileManager.class}, (proxy, method, args) -> {
                    if (method.getName().equals("handleOption")) {
                        @SuppressWarnings("unchecked")
                        Iterator<String> rest = (Iterator<String>) args[1];
                        seen.add(args[0] + " " + (rest.hasNext() ? rest.next() : ""));
                        return true;
                    }
                    if (method.getName().equals("list")) {
                        seen.add("list " + args[1]);
                        return List.of();
                    }
                    return null;
                });
    }

    @Test
    void aRepeatedMultiReleaseValueIsNotPassedOnButChangesAndOtherOptionsAre() {
        List<String> seen = new ArrayList<>();
        StableFileManager fm = new StableFileManager(recording(seen));
        assertTrue(fm.handleOption("--multi-release", List.of("25").iterator()));
        assertTrue(fm.handleOption("--multi-release", List.of("25").iterator()));
        assertTrue(fm.handleOption("-classpath", List.of("a.jar").iterator()));
        assertTrue(fm.handleOption("--multi-release", List.of("25").iterator()));
        assertTrue(fm.handleOption("--multi-release", List.of("21").iterator()));
        assertEquals(List.of("--multi-release 25", "-classpath a.jar", "--multi-release 21"), seen);
    }

    @Test
    void theClassPathPartOfPackageReplIsListedOnceUntilTheClassPathChanges() throws Exception {
        List<String> seen = new ArrayList<>();
        StableFileManager fm = new StableFileManager(recording(seen));
        var kinds = java.util.EnumSet.of(javax.tools.JavaFileObject.Kind.CLASS);
        fm.list(javax.tools.StandardLocation.CLASS_PATH, "REPL", kinds, false);
        fm.list(javax.tools.StandardLocation.CLASS_PATH, "REPL", kinds, false);
        fm.list(javax.tools.StandardLocation.CLASS_PATH, "java.util", kinds, false);
        fm.list(javax.tools.StandardLocation.CLASS_PATH, "java.util", kinds, false);
        assertEquals(List.of("list REPL", "list java.util", "list java.util"), seen);
        fm.handleOption("--multi-release", List.of("25").iterator());
        fm.handleOption("--multi-release", List.of("25").iterator()); // a repeat changes nothing
        fm.list(javax.tools.StandardLocation.CLASS_PATH, "REPL", kinds, false);
        assertEquals("list REPL", seen.get(seen.size() - 1));
        assertEquals(5, seen.size());
        fm.handleOption("-classpath", List.of("b.jar").iterator());
        fm.list(javax.tools.StandardLocation.CLASS_PATH, "REPL", kinds, false);
        assertEquals(List.of("-classpath b.jar", "list REPL"), seen.subList(5, 7));
    }

    @Test
    void javacFindsNoPluginsOnTheClassPath() {
        StableFileManager fm = new StableFileManager(recording(new ArrayList<>()));
        for (var location : List.of(javax.tools.StandardLocation.CLASS_PATH, javax.tools.StandardLocation.ANNOTATION_PROCESSOR_PATH)) {
            ClassLoader loader = fm.getClassLoader(location);
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass(StableFileManagerTest.class.getName()));
            assertEquals(String.class, assertDoesNotThrow(() -> loader.loadClass("java.lang.String")));
        }
    }
}
