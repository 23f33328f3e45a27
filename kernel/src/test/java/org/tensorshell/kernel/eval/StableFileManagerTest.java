package org.tensorshell.kernel.eval;

import org.junit.jupiter.api.Test;

import javax.tools.StandardJavaFileManager;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
