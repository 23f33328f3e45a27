package org.tensorshell.kernel;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Kernel diagnostics. They go to the kernel process's own stderr (the terminal or log of the
 * Jupyter server), never into a notebook: System.err is redirected to the notebook once the
 * kernel runs, so this stream is opened on file descriptor 2 directly.
 */
public final class Log {
    private static final PrintStream ERR =
            new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);

    private Log() {
    }

    public static void info(String message) {
        ERR.println("[tensorshell] " + message);
    }

    public static void warn(String message, Throwable t) {
        ERR.println("[tensorshell] WARNING " + message + (t == null ? "" : ": " + t));
    }
}
