package org.tensorshell.display;

import java.util.List;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw {@link Table} as an HTML table: all rows up to {@value #MAX_ROWS}, else the first and last
 * {@value #EDGE_ROWS} around an ellipsis row; numbers right-aligned; a footer with the shape and each
 * column's type. {@code text/plain} is Tablesaw's own text form.
 */
public final class TableDisplay implements Renderer<Table> {
    static final int MAX_ROWS = 20;
    static final int EDGE_ROWS = 5;
    static final int MAX_COLUMNS = 50;

    @Override
    public Class<Table> type() { return Table.class; }

    @Override
    public MimeBundle render(Table t) { return bundle(t); }

    public static MimeBundle bundle(Table t) {
        return MimeBundle.builder(t.toString()).html(html(t)).build();
    }

    static String html(Table t) {
        List<Column<?>> cols = t.columns();
        int shownCols = Math.min(cols.size(), MAX_COLUMNS);
        StringBuilder sb = new StringBuilder(4096);
        sb.append("<div style=\"").append(Html.FONT).append("\">");
        if (t.name() != null && !t.name().isEmpty()) sb.append("<div><b>").append(Html.escape(t.name())).append("</b></div>");
        sb.append("<table style=\"").append(Html.TABLE).append("\"><tr><th style=\"").append(Html.HEAD).append("\"></th>");
        for (int c = 0; c < shownCols; c++) {
            sb.append("<th style=\"").append(Html.HEAD).append("\">").append(Html.escape(cols.get(c).name())).append("</th>");
        }
        if (shownCols < cols.size()) sb.append("<th style=\"").append(Html.HEAD).append("\">&hellip;</th>");
        sb.append("</tr>");
        int n = t.rowCount();
        boolean cut = n > MAX_ROWS;
        for (int r = 0; r < n; r++) {
            if (cut && r == EDGE_ROWS) {
                sb.append("<tr><td style=\"").append(Html.CELL).append(Html.MUTED).append("\">&hellip;</td>");
                for (int c = 0; c < shownCols; c++) sb.append("<td style=\"").append(Html.CELL).append(Html.MUTED).append("\">&hellip;</td>");
                sb.append("</tr>");
                r = n - EDGE_ROWS;
            }
            sb.append("<tr><th style=\"").append(Html.HEAD).append(Html.MUTED).append("\">").append(r).append("</th>");
            for (int c = 0; c < shownCols; c++) {
                Column<?> col = cols.get(c);
                String align = isNumeric(col) ? "" : "text-align:left;";
                String v = col.isMissing(r) ? "" : col.getString(r);
                sb.append("<td style=\"").append(Html.CELL).append(align).append("\">").append(Html.escape(v)).append("</td>");
            }
            if (shownCols < cols.size()) sb.append("<td style=\"").append(Html.CELL).append("\"></td>");
            sb.append("</tr>");
        }
        sb.append("</table>");
        sb.append("<div style=\"").append(Html.MUTED).append("\">").append(n).append(" rows &times; ").append(cols.size())
            .append(" columns");
        if (cut) sb.append(" (showing ").append(2 * EDGE_ROWS).append(')');
        sb.append(" &middot; ");
        for (int c = 0; c < cols.size(); c++) {
            if (c > 0) sb.append(", ");
            if (c == MAX_COLUMNS) {
                sb.append("&hellip;");
                break;
            }
            sb.append(Html.escape(cols.get(c).name())).append(": ").append(Html.escape(cols.get(c).type().name()));
        }
        return sb.append("</div></div>").toString();
    }

    private static boolean isNumeric(Column<?> c) {
        return c instanceof tech.tablesaw.api.NumericColumn<?>;
    }
}
