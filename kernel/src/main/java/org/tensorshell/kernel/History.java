package org.tensorshell.kernel;

import com.google.gson.JsonArray;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The inputs (and text outputs) of this kernel session, for history_request: tail, range and
 * glob search as IPython answers them. Kept in memory; a restarted kernel starts a new session.
 */
final class History {
    static final int SESSION = 1;

    private record Entry(int line, String input, String output) {
    }

    private final List<Entry> entries = new ArrayList<>();

    synchronized void add(int line, String input) {
        entries.add(new Entry(line, input, null));
    }

    synchronized void output(int line, String text) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).line() == line) {
                entries.set(i, new Entry(line, entries.get(i).input(), text));
                return;
            }
        }
    }

    synchronized JsonArray tail(int n, boolean output) {
        int from = Math.max(0, entries.size() - Math.max(0, n));
        return json(entries.subList(from, entries.size()), output);
    }

    /** Lines [start, stop) of a session; 0 means this session, as does our own session number. */
    synchronized JsonArray range(int session, int start, int stop, boolean output) {
        if (session != 0 && session != SESSION) {
            return new JsonArray();
        }
        int end = stop <= 0 ? Integer.MAX_VALUE : stop;
        return json(entries.stream().filter(e -> e.line() >= start && e.line() < end).toList(), output);
    }

    /** Inputs matching the glob {@code pattern} (* and ?), newest last; at most n (n <= 0: all). */
    synchronized JsonArray search(String pattern, int n, boolean unique, boolean output) {
        Pattern p = glob(pattern);
        List<Entry> hits = entries.stream().filter(e -> p.matcher(e.input()).matches()).toList();
        if (unique) {
            Map<String, Entry> last = new LinkedHashMap<>();
            for (Entry e : hits) {
                last.remove(e.input());
                last.put(e.input(), e);
            }
            hits = List.copyOf(last.values());
        }
        if (n > 0 && hits.size() > n) {
            hits = hits.subList(hits.size() - n, hits.size());
        }
        return json(hits, output);
    }

    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    private static JsonArray json(List<Entry> list, boolean output) {
        JsonArray a = new JsonArray();
        for (Entry e : list) {
            JsonArray row = new JsonArray();
            row.add(SESSION);
            row.add(e.line());
            if (output) {
                JsonArray io = new JsonArray();
                io.add(e.input());
                io.add(e.output());
                row.add(io);
            } else {
                row.add(e.input());
            }
            a.add(row);
        }
        return a;
    }
}
