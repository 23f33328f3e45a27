package org.tensorshell.kernel.eval;

/**
 * One JShell snippet of a cell: its source as JShell wants it, and where its text starts in the
 * cell (offset and 0-based line), so that diagnostics and stack frames point at cell lines.
 */
public record Piece(String source, int start, int end, int line, boolean complete) {
}
