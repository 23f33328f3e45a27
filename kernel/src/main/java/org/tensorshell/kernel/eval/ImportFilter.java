package org.tensorshell.kernel.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Narrows the imports of a class the kernel compiles ({@link DirectCompiler}) to those that can
 * provide a simple name its source uses. JShell gives every snippet all of the session's imports:
 * the preload's (six packages of the JDK, eight of ours, three classes' static members) and one for
 * each variable, method and class of earlier cells; javac processes each of them in every task,
 * which was about a third of a trivial cell's compile time.
 *
 * <p>An import is dropped only when it certainly cannot provide any identifier of the source: a
 * single-type or single-static import whose last name is not among them, or an on-demand import
 * whose members are known (listed once by {@code members}, then cached) and include none of them.
 * Every import that could provide a name stays, so each name resolves (or is ambiguous, or
 * shadowed) exactly as with all imports; identifiers are over-counted (member names after a dot,
 * keywords), which only keeps more. A source with unicode escapes keeps every import.
 */
final class ImportFilter {
    private static final Pattern IMPORT = Pattern.compile(
            "import\\s+(static\\s+)?([\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*"
                    + "(?:\\s*\\.\\s*[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)*)(\\s*\\.\\s*\\*)?\\s*;");

    /** Names an on-demand import provides, by target ("java.util", "static org.tensorshell.Torch"); null: unknown. */
    private final Map<String, Set<String>> members = new HashMap<>();

    /** An import statement of a header: where it is, the name it imports or its on-demand target, and its line breaks. */
    private record Import(int start, int end, String name, boolean onDemand, String blank) {}

    /** The header last parsed, and its imports (JShell's header changes only when its imports do). */
    private String parsedHeader;
    private List<Import> parsed = List.of();

    /**
     * {@code header} (a package line and import statements) without the imports that cannot provide
     * a name used in {@code source}; line breaks are kept, so lines of the source keep their numbers.
     * {@code lister} gives the simple names an on-demand import target provides, or null where it
     * cannot tell.
     */
    synchronized String narrow(String header, String source, Function<String, Set<String>> lister) {
        if (source.contains("\\u")) {
            return header;
        }
        if (!header.equals(parsedHeader)) {
            parsed = parse(header);
            parsedHeader = header;
        }
        Set<String> names = identifiers(source);
        StringBuilder out = new StringBuilder(header.length());
        int last = 0;
        for (Import imp : parsed) {
            boolean keep;
            if (imp.onDemand()) {
                if (!members.containsKey(imp.name())) {
                    members.put(imp.name(), lister.apply(imp.name()));
                }
                Set<String> provided = members.get(imp.name());
                keep = provided == null || names.stream().anyMatch(provided::contains);
            } else {
                keep = names.contains(imp.name());
            }
            out.append(header, last, keep ? imp.end() : imp.start());
            if (!keep) {
                out.append(imp.blank());
            }
            last = imp.end();
        }
        return out.append(header, last, header.length()).toString();
    }

    /** The import statements of a header: single ones by the simple name they import, on-demand ones by target. */
    private static List<Import> parse(String header) {
        List<Import> out = new ArrayList<>();
        Matcher m = IMPORT.matcher(header);
        while (m.find()) {
            String target = m.group(2).replaceAll("\\s+", "");
            boolean onDemand = m.group(3) != null;
            String name = onDemand ? (m.group(1) != null ? "static " : "") + target
                    : target.substring(target.lastIndexOf('.') + 1);
            out.add(new Import(m.start(), m.end(), name, onDemand, m.group().replaceAll("[^\\n]", "")));
        }
        return out;
    }

    /** Forgets what on-demand imports provide (the class path changed). */
    synchronized void clear() {
        members.clear();
    }

    /** The identifiers of Java source, outside comments and string, text block and char literals. */
    static Set<String> identifiers(String s) {
        Set<String> out = new HashSet<>();
        int i = 0, n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
                int nl = s.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int close = s.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (s.startsWith("\"\"\"", i)) {
                int close = i + 3;
                while ((close = s.indexOf("\"\"\"", close)) >= 0 && s.charAt(close - 1) == '\\') {
                    close++;
                }
                i = close < 0 ? n : close + 3;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && s.charAt(j) != c && s.charAt(j) != '\n') {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                i = j + 1;
            } else if (Character.isJavaIdentifierStart(c)) {
                int j = i + 1;
                while (j < n && Character.isJavaIdentifierPart(s.charAt(j))) {
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            } else if (Character.isDigit(c)) {
                int j = i + 1; // a number's letters (0x1F, 10L, 1e5f) are not names
                while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == '.')) {
                    j++;
                }
                i = j;
            } else {
                i++;
            }
        }
        return out;
    }
}
