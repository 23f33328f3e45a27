package org.tensorshell.kernel.io;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StreamOutTest {
    @Test
    void neverSplitsAUtf8Character() {
        byte[] euro = "a€".getBytes(StandardCharsets.UTF_8); // 1 + 3 bytes
        assertEquals(4, StreamOut.completeUtf8(euro, 4));
        assertEquals(1, StreamOut.completeUtf8(euro, 3));
        assertEquals(1, StreamOut.completeUtf8(euro, 2));
        assertEquals(1, StreamOut.completeUtf8(euro, 1));
    }

    @Test
    void capsOutputPerCellAndCountsTheRest() {
        List<String> sent = new ArrayList<>();
        StreamOut out = new StreamOut("stdout", (name, text) -> sent.add(text), new Flusher(), 10);
        out.write("0123456789abcdef".getBytes(StandardCharsets.UTF_8), 0, 16);
        out.publish();
        assertEquals(List.of("0123456789"), sent);
        assertEquals(6, out.dropped());
        assertEquals(6, out.startCell());
        out.write("xy".getBytes(StandardCharsets.UTF_8), 0, 2);
        out.publish();
        assertEquals("xy", sent.get(1));
    }
}
