package org.tensorshell.kernel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HistoryTest {
    @Test
    void tailRangeAndSearch() {
        History h = new History();
        h.add(1, "int a = 1;");
        h.add(2, "a + 1");
        h.output(2, "2");
        h.add(3, "a + 1");
        assertEquals("[[1,2,\"a + 1\"],[1,3,\"a + 1\"]]", h.tail(2, false).toString());
        assertEquals("[[1,2,[\"a + 1\",\"2\"]]]", h.range(1, 2, 3, true).toString());
        assertEquals(2, h.search("a ?*", 0, false, false).size());
        assertEquals(1, h.search("a ?*", 0, true, false).size());
        assertEquals(1, h.search("int*", 5, false, false).size());
        assertEquals(0, h.range(7, 0, 10, false).size());
    }
}
