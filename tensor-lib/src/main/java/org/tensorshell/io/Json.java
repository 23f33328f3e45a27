package org.tensorshell.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON a safetensors header needs, strictly (RFC 8259): objects become ordered maps (duplicate keys are
 * an error), arrays lists, numbers {@code Long} when integral and in range, else {@code Double}.
 */
final class Json {
    private Json() {}

    private static final int MAX_DEPTH = 64;

    /** A malformed document; the message gives the character position. */
    static final class ParseError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        ParseError(String msg) { super(msg); }
    }

    static Object parse(String text) {
        Json.Parser p = new Json.Parser(text);
        p.skipSpace();
        Object v = p.value(0);
        p.skipSpace();
        if (p.at < text.length()) throw p.fail("unexpected " + p.describe() + " after the JSON value");
        return v;
    }

    private static final class Parser {
        final String s;
        int at;

        Parser(String s) { this.s = s; }

        ParseError fail(String what) { return new ParseError(what + " at character " + at); }

        String describe() { return at < s.length() ? "'" + s.charAt(at) + "'" : "end of input"; }

        void skipSpace() {
            while (at < s.length()) {
                char c = s.charAt(at);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
                at++;
            }
        }

        void expect(char c) {
            if (at >= s.length() || s.charAt(at) != c) throw fail("expected '" + c + "' but found " + describe());
            at++;
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) throw fail("nesting deeper than " + MAX_DEPTH);
            if (at >= s.length()) throw fail("unexpected end of input");
            char c = s.charAt(at);
            return switch (c) {
                case '{' -> object(depth);
                case '[' -> array(depth);
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) yield number();
                    throw fail("unexpected " + describe());
                }
            };
        }

        Object literal(String word, Object v) {
            if (!s.startsWith(word, at)) throw fail("unexpected " + describe());
            at += word.length();
            return v;
        }

        Map<String, Object> object(int depth) {
            expect('{');
            Map<String, Object> m = new LinkedHashMap<>();
            skipSpace();
            if (at < s.length() && s.charAt(at) == '}') {
                at++;
                return m;
            }
            while (true) {
                skipSpace();
                if (at >= s.length() || s.charAt(at) != '"') throw fail("expected a string key but found " + describe());
                int keyAt = at;
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                Object v = value(depth + 1);
                if (m.containsKey(key)) {
                    at = keyAt;
                    throw fail("duplicate key \"" + key + "\"");
                }
                m.put(key, v);
                skipSpace();
                if (at < s.length() && s.charAt(at) == ',') {
                    at++;
                    continue;
                }
                expect('}');
                return m;
            }
        }

        List<Object> array(int depth) {
            expect('[');
            List<Object> l = new ArrayList<>();
            skipSpace();
            if (at < s.length() && s.charAt(at) == ']') {
                at++;
                return l;
            }
            while (true) {
                skipSpace();
                l.add(value(depth + 1));
                skipSpace();
                if (at < s.length() && s.charAt(at) == ',') {
                    at++;
                    continue;
                }
                expect(']');
                return l;
            }
        }

        String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                if (at >= s.length()) throw fail("unterminated string");
                char c = s.charAt(at++);
                if (c == '"') return b.toString();
                if (c < 0x20) {
                    at--;
                    throw fail("control character in a string");
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                if (at >= s.length()) throw fail("unterminated escape");
                char e = s.charAt(at++);
                switch (e) {
                    case '"', '\\', '/' -> b.append(e);
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        if (at + 4 > s.length()) throw fail("truncated \\u escape");
                        try {
                            b.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw fail("bad \\u escape");
                        }
                        at += 4;
                    }
                    default -> {
                        at--;
                        throw fail("bad escape '\\" + e + "'");
                    }
                }
            }
        }

        Object number() {
            int start = at;
            if (s.charAt(at) == '-') at++;
            if (at >= s.length()) throw fail("truncated number");
            if (s.charAt(at) == '0') {
                at++;
            } else if (s.charAt(at) >= '1' && s.charAt(at) <= '9') {
                while (at < s.length() && Character.isDigit(s.charAt(at))) at++;
            } else {
                throw fail("bad number");
            }
            boolean integral = true;
            if (at < s.length() && s.charAt(at) == '.') {
                integral = false;
                at++;
                int digits = at;
                while (at < s.length() && Character.isDigit(s.charAt(at))) at++;
                if (at == digits) throw fail("bad number");
            }
            if (at < s.length() && (s.charAt(at) == 'e' || s.charAt(at) == 'E')) {
                integral = false;
                at++;
                if (at < s.length() && (s.charAt(at) == '+' || s.charAt(at) == '-')) at++;
                int digits = at;
                while (at < s.length() && Character.isDigit(s.charAt(at))) at++;
                if (at == digits) throw fail("bad number");
            }
            String text = s.substring(start, at);
            if (integral) {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException ex) {
                    // beyond the range of a long: kept as a double, which callers reject where they need an integer
                }
            }
            return Double.parseDouble(text);
        }
    }

    /** Appends {@code v} (a Map, List, String, Number, Boolean or null) as compact JSON. */
    static void write(StringBuilder out, Object v) {
        switch (v) {
            case null -> out.append("null");
            case String str -> quote(out, str);
            case Map<?, ?> m -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) out.append(',');
                    first = false;
                    quote(out, (String) e.getKey());
                    out.append(':');
                    write(out, e.getValue());
                }
                out.append('}');
            }
            case List<?> l -> {
                out.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) out.append(',');
                    write(out, l.get(i));
                }
                out.append(']');
            }
            case Long n -> out.append(n.longValue());
            case Integer n -> out.append(n.intValue());
            case Boolean b -> out.append(b.booleanValue());
            default -> throw new IllegalArgumentException("JSON: cannot write a " + v.getClass().getName());
        }
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }
}
