package org.tensorshell.display;

/**
 * Where live displays go: the notebook kernel implements this (display_data / update_display_data) and
 * installs it with {@link Display#installSink}. Without a sink (a console, a {@code main}), live
 * objects such as {@link TrainingMonitor} fall back to plain text on System.out.
 */
public interface DisplaySink {
    /** Shows a bundle below the running cell and returns its display id (for {@link #update}). */
    String display(MimeBundle bundle);

    /** Replaces the output shown under {@code displayId}, wherever it is. */
    void update(String displayId, MimeBundle bundle);
}
