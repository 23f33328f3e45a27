package org.tensorshell.display;

/**
 * Small helpers for trust-safe HTML: escaped text, inline styles only. Jupyter frontends strip
 * {@code <script>} and {@code <style>} from untrusted notebooks, so nothing here ever emits them.
 */
public final class Html {
    private Html() {}

    /** Escapes text for element content and double-quoted attribute values. */
    public static String escape(String s) {
        if (s == null) return "";
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (rep != null && sb == null) sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            if (sb != null) {
                if (rep != null) sb.append(rep);
                else sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** CSS colour {@code #rrggbb} of a packed RGB int. */
    public static String hex(int rgb) {
        return String.format("#%06x", rgb & 0xffffff);
    }

    static final String FONT = "font-family:monospace;font-size:12px;";
    static final String TABLE = "border-collapse:collapse;" + FONT;
    static final String CELL = "padding:1px 6px;text-align:right;border:1px solid #e0e0e0;";
    static final String HEAD = "padding:1px 6px;text-align:right;border:1px solid #e0e0e0;background:#f3f3f3;font-weight:bold;";
    static final String MUTED = "color:#777;";
}
