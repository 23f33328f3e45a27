package org.tensorshell.kernel.io;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * System.out or System.err of the notebook. Writers (cells, their background threads, library
 * code) only append to a buffer; a kernel thread turns the buffer into {@code stream} messages, so
 * output appears while a cell runs and a cell thread never touches a socket.
 *
 * <p>Output per cell is capped (default 2 MiB, {@code -Dtensorshell.maxOutputBytes}): a 10 MB
 * println ends in a truncation note, not in a frontend that hangs.
 */
public final class StreamOut extends OutputStream {
    /** Receives decoded text, in order; called with this stream's lock held. */
    public interface Sink {
        void text(String streamName, String text);
    }

    private final String name;
    private final Sink sink;
    private final Flusher flusher;
    private byte[] buf = new byte[8192];
    private int len;
    private long budget;
    private long limit;
    private long dropped;

    public StreamOut(String name, Sink sink, Flusher flusher, long limit) {
        this.name = name;
        this.sink = sink;
        this.flusher = flusher;
        this.limit = limit;
        this.budget = limit;
    }

    @Override
    public void write(int b) {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int n) {
        synchronized (this) {
            int keep = (int) Math.min(n, budget);
            if (keep < n) {
                dropped += n - keep;
            }
            if (keep > 0) {
                if (len + keep > buf.length) {
                    buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + keep));
                }
                System.arraycopy(b, off, buf, len, keep);
                len += keep;
                budget -= keep;
            }
        }
        flusher.schedule();
    }

    @Override
    public void flush() {
        boolean pending;
        synchronized (this) {
            pending = len > 0;
        }
        if (pending) {
            flusher.schedule();
        }
    }

    /** Publishes everything buffered that forms complete UTF-8 characters. */
    public synchronized void publish() {
        int complete = completeUtf8(buf, len);
        if (complete == 0) {
            return;
        }
        String text = new String(buf, 0, complete, StandardCharsets.UTF_8);
        System.arraycopy(buf, complete, buf, 0, len - complete);
        len -= complete;
        if (buf.length > 1 << 16 && len < 8192) {
            buf = Arrays.copyOf(buf, 8192);
        }
        sink.text(name, text);
    }

    /** Starts a new cell's output budget; returns the bytes dropped in the cell before. */
    public synchronized long startCell() {
        long d = dropped;
        dropped = 0;
        budget = limit;
        return d;
    }

    public synchronized long dropped() {
        return dropped;
    }

    /** Length of the longest prefix of {@code b[0, n)} that does not end inside a UTF-8 sequence. */
    static int completeUtf8(byte[] b, int n) {
        int i = n - 1;
        int back = 0;
        while (i >= 0 && back < 3 && (b[i] & 0xC0) == 0x80) {
            i--;
            back++;
        }
        if (i < 0) {
            return n;
        }
        int lead = b[i] & 0xFF;
        int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return n - i >= need ? n : i;
    }
}
