package org.tensorshell.display;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The text (torchinfo's layout) and HTML forms of a {@link ModelSummary}. */
final class SummaryFormat {
    private SummaryFormat() {}

    /** torchinfo's widths: a 40-character layer column (grown in steps of 5 to fit), 25 per other column. */
    private static final int NAME_WIDTH = 40, COL_WIDTH = 25, INDENT = 5;

    // ------------------------------------------------------------------ text

    static String text(ModelSummary s) {
        List<String> header = s.hasInput() ? List.of("Output Shape", "Param #") : List.of("Param #");
        int nameWidth = NAME_WIDTH;
        int longest = 0;
        for (ModelSummary.Layer l : shown(s)) longest = Math.max(longest, l.title().length() + l.depth() * INDENT + 1);
        if (longest >= nameWidth) nameWidth = (longest + INDENT - 1) / INDENT * INDENT;
        String divider = "=".repeat(header.size() * COL_WIDTH + nameWidth) + "\n";

        StringBuilder sb = new StringBuilder(divider);
        sb.append(row("Layer (type:depth-idx)", header, nameWidth)).append(divider);
        for (ModelSummary.Layer l : shown(s)) {
            List<String> cells = new ArrayList<>();
            if (s.hasInput()) cells.add(shape(l.outputShape()));
            cells.add(params(l, folded(s, l)));
            sb.append(row(tree(l.depth()) + l.title(), cells, nameWidth));
        }
        sb.append(divider);
        sb.append("Total params: ").append(count(s.totalParams())).append('\n');
        sb.append("Trainable params: ").append(count(s.trainableParams())).append('\n');
        sb.append("Non-trainable params: ").append(count(s.nonTrainableParams())).append('\n');
        if (s.hasInput()) {
            sb.append(divider);
            for (String[] line : sizes(s)) sb.append(line[0]).append(" (MB): ").append(line[1]).append('\n');
        }
        return sb.append(divider, 0, divider.length() - 1).toString();
    }

    private static String row(String name, List<String> cells, int nameWidth) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-" + nameWidth + "s ", name));
        for (String c : cells) sb.append(String.format(Locale.ROOT, "%-" + COL_WIDTH + "s ", c));
        return sb.toString().stripTrailing() + "\n";
    }

    /** The tree glyphs before a row's title. */
    private static String tree(int depth) {
        if (depth == 0) return "";
        if (depth == 1) return "├─";
        return "│    ".repeat(depth - 1) + "└─";
    }

    private static String[][] sizes(ModelSummary s) {
        return new String[][] {
            {"Input size", mb(s.inputBytes())},
            {"Forward/backward pass size", mb(s.forwardBackwardBytes())},
            {"Params size", mb(s.paramBytes())},
            {"Estimated Total Size", mb(s.totalBytes())},
        };
    }

    /** The rows down to the summary's depth. */
    static List<ModelSummary.Layer> shown(ModelSummary s) {
        List<ModelSummary.Layer> r = new ArrayList<>();
        for (ModelSummary.Layer l : s.layers()) if (l.depth() <= s.maxDepth()) r.add(l);
        return r;
    }

    /** A row at the depth limit whose children are hidden stands for its whole subtree. */
    private static boolean folded(ModelSummary s, ModelSummary.Layer l) { return l.depth() == s.maxDepth() && !l.leaf(); }

    static String shape(long[] shape) { return shape == null ? "--" : Arrays.toString(shape); }

    /** "--" for none, "(n)" when none of them trains, as torchinfo marks frozen layers. */
    static String params(ModelSummary.Layer l, boolean folded) {
        long n = folded ? l.subtreeParams() : l.params(), trainable = folded ? l.subtreeTrainableParams() : l.trainableParams();
        if (n == 0) return "--";
        return trainable == 0 ? "(" + count(n) + ")" : count(n);
    }

    static String count(long n) { return String.format(Locale.ROOT, "%,d", n); }

    static String mb(long bytes) { return String.format(Locale.ROOT, "%.2f", bytes / 1e6); }

    // ------------------------------------------------------------------ HTML

    private static final String LEFT = "text-align:left;";
    private static final String FROZEN = "color:#a05a00;";

    /** The table; {@code tree}, when given, is shown below it in a collapsed block (the module's text form). */
    static String html(ModelSummary s, String tree) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("<div style=\"").append(Html.FONT).append("\">");
        sb.append("<table style=\"").append(Html.TABLE).append("\"><tr>");
        th(sb, "Layer (type (var_name))", LEFT);
        if (s.hasInput()) th(sb, "Output Shape", "");
        th(sb, "Param #", "");
        th(sb, "Trainable", "");
        sb.append("</tr>");
        for (ModelSummary.Layer l : shown(s)) {
            sb.append("<tr><td style=\"").append(Html.CELL).append(LEFT).append("padding-left:").append(6 + 16 * l.depth())
                .append("px;\"><b>").append(Html.escape(l.type())).append("</b>");
            if (l.depth() > 0) {
                sb.append(" <span style=\"").append(Html.MUTED).append("\">(").append(Html.escape(l.name())).append(") ")
                    .append(l.depth()).append('-').append(l.depthIndex()).append("</span>");
            }
            sb.append("</td>");
            if (s.hasInput()) td(sb, shape(l.outputShape()), l.outputShape() == null ? Html.MUTED : "");
            String p = params(l, folded(s, l));
            td(sb, p, p.equals("--") ? Html.MUTED : p.startsWith("(") ? FROZEN : "");
            String t = l.trainable();
            td(sb, t, t.equals("--") ? Html.MUTED : t.equals("True") ? "" : FROZEN);
            sb.append("</tr>");
        }
        sb.append("</table>");
        line(sb, "Total params: <b>" + count(s.totalParams()) + "</b> &middot; Trainable params: " + count(s.trainableParams())
            + " &middot; Non-trainable params: " + count(s.nonTrainableParams()));
        if (s.hasInput()) {
            List<String> parts = new ArrayList<>();
            for (String[] l : sizes(s)) parts.add(Html.escape(l[0]) + " (MB): " + l[1]);
            line(sb, String.join(" &middot; ", parts));
        } else {
            line(sb, "Params + buffers size (MB): " + mb(s.paramBytes() + s.bufferBytes()) + " &middot; params " + mb(s.paramBytes())
                + ", buffers " + mb(s.bufferBytes()));
        }
        if (tree != null) {
            sb.append("<details><summary style=\"cursor:pointer;").append(Html.MUTED).append("\">module tree</summary>")
                .append("<div style=\"white-space:pre;\">").append(Html.escape(tree)).append("</div></details>");
        }
        return sb.append("</div>").toString();
    }

    private static void th(StringBuilder sb, String text, String style) {
        sb.append("<th style=\"").append(Html.HEAD).append(style).append("\">").append(Html.escape(text)).append("</th>");
    }

    private static void td(StringBuilder sb, String text, String style) {
        sb.append("<td style=\"").append(Html.CELL).append(style).append("\">").append(Html.escape(text)).append("</td>");
    }

    private static void line(StringBuilder sb, String html) {
        sb.append("<div style=\"margin-top:2px;\">").append(html).append("</div>");
    }
}
