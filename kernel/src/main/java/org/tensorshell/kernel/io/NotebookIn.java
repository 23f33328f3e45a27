package org.tensorshell.kernel.io;

import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;

/**
 * System.in of the notebook: each time the buffer runs dry a line is requested from the
 * frontend (an {@code input_request}). Without a frontend that allows stdin it reads as end of
 * file.
 */
public final class NotebookIn extends InputStream {
    /** Supplies one line without its terminator, or null for end of file. */
    public interface Source {
        String readLine(String prompt, boolean password) throws InterruptedIOException;
    }

    private final Source source;
    private byte[] data = new byte[0];
    private int pos;

    public NotebookIn(Source source) {
        this.source = source;
    }

    @Override
    public synchronized int read() throws InterruptedIOException {
        if (!fill()) {
            return -1;
        }
        return data[pos++] & 0xFF;
    }

    @Override
    public synchronized int read(byte[] b, int off, int n) throws InterruptedIOException {
        if (n == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int k = Math.min(n, data.length - pos);
        System.arraycopy(data, pos, b, off, k);
        pos += k;
        return k;
    }

    @Override
    public synchronized int available() {
        return data.length - pos;
    }

    private boolean fill() throws InterruptedIOException {
        if (pos < data.length) {
            return true;
        }
        String line = source.readLine("", false);
        if (line == null) {
            return false;
        }
        data = (line + "\n").getBytes(StandardCharsets.UTF_8);
        pos = 0;
        return true;
    }
}
