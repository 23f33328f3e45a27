package org.tensorshell.kernel.eval;

import java.util.List;

/** A failed cell as Jupyter shows it: exception name, message, and traceback lines (ANSI-coloured). */
public record CellError(String ename, String evalue, List<String> traceback) {
    static final String RED = "\u001b[31;1m";
    static final String RESET = "\u001b[0m";

    public static CellError interrupted(String detail) {
        String msg = detail == null ? "the cell was interrupted" : "the cell was interrupted, but " + detail;
        return new CellError("InterruptedException", msg, List.of(RED + "Interrupted" + RESET + ": " + msg));
    }

    public static CellError of(String ename, String evalue) {
        return new CellError(ename, evalue, List.of(RED + ename + RESET + ": " + evalue));
    }
}
