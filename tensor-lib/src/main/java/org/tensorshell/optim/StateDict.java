package org.tensorshell.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorshell.DType;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.TensorError;

/**
 * An optimizer's state dict, shaped like PyTorch's: {@code state} maps a parameter's index (counted across
 * groups) to its named state (Tensor or number), {@code paramGroups} holds each group's options with
 * {@code "params"} listing its indices.
 *
 * <p>For checkpoint files the state flattens to {@link #tensors()} ({@code "state.0.exp_avg"},
 * {@code "state.0.step"}) and the groups to one JSON string ({@link #paramGroupsJson()}), the metadata a
 * safetensors header carries ({@link #metadata()}); {@link #fromFlat} reverses both:
 * {@code SafeTensors.save(sd.tensors(), path, sd.metadata())}.
 */
public record StateDict(Map<Integer, Map<String, Object>> state, List<Map<String, Object>> paramGroups) {

    public StateDict {
        state = Collections.unmodifiableMap(new LinkedHashMap<>(state));
        paramGroups = List.copyOf(paramGroups);
    }

    /** Every state value as a tensor under {@code state.<index>.<name>}; numbers become 0-dim tensors. */
    public Map<String, Tensor> tensors() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (var e : state.entrySet()) {
            for (var kv : e.getValue().entrySet()) {
                Object v = kv.getValue();
                String key = "state." + e.getKey() + "." + kv.getKey();
                if (v instanceof Tensor t) out.put(key, t);
                else if (v instanceof Long || v instanceof Integer) out.put(key, Torch.full(new long[0], ((Number) v).longValue()));
                else if (v instanceof Number n) out.put(key, Torch.full(new long[0], n.doubleValue(), DType.FLOAT32));
                else if (v != null) throw new TensorError("stateDict.tensors: state " + key + " is neither tensor nor number: " + v);
            }
        }
        return out;
    }

    /** The groups as JSON: {@code [{"lr": 0.001, "betas": [0.9, 0.999], ..., "params": [0, 1]}]}. */
    public String paramGroupsJson() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < paramGroups.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append('{');
            int k = 0;
            for (var e : paramGroups.get(i).entrySet()) {
                if (k++ > 0) sb.append(", ");
                sb.append('"').append(e.getKey()).append("\": ");
                writeJson(sb, e.getValue());
            }
            sb.append('}');
        }
        return sb.append(']').toString();
    }

    private static void writeJson(StringBuilder sb, Object v) {
        if (v == null) sb.append("null");
        else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) sb.append(v);
        else if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) sb.append(Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
            else sb.append(d);
        } else if (v instanceof double[] a) {
            sb.append('[');
            for (int i = 0; i < a.length; i++) {
                if (i > 0) sb.append(", ");
                writeJson(sb, a[i]);
            }
            sb.append(']');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) sb.append(", ");
                writeJson(sb, l.get(i));
            }
            sb.append(']');
        } else {
            sb.append('"').append(v.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
    }

    /** The string metadata a checkpoint file stores beside {@link #tensors()}: {@code {"param_groups": <json>}}. */
    public Map<String, String> metadata() { return Map.of("param_groups", paramGroupsJson()); }

    /** Rebuilds a state dict from {@link #tensors()} and {@link #metadata()} (e.g. a safetensors file's). */
    public static StateDict fromFlat(Map<String, Tensor> tensors, Map<String, String> metadata) {
        String json = metadata.get("param_groups");
        if (json == null) {
            throw new TensorError("StateDict.fromFlat: metadata has no 'param_groups' entry (keys: " + metadata.keySet()
                + "); was this file saved from an optimizer state dict?");
        }
        return fromFlat(tensors, json);
    }

    /** Rebuilds a state dict from {@link #tensors()} and {@link #paramGroupsJson()}. */
    public static StateDict fromFlat(Map<String, Tensor> tensors, String paramGroupsJson) {
        LinkedHashMap<Integer, Map<String, Object>> st = new LinkedHashMap<>();
        for (var e : tensors.entrySet()) {
            String[] parts = e.getKey().split("\\.", 3);
            if (parts.length != 3 || !parts[0].equals("state")) {
                throw new TensorError("StateDict.fromFlat: unexpected key '" + e.getKey() + "' (expected state.<index>.<name>)");
            }
            int idx;
            try {
                idx = Integer.parseInt(parts[1]);
            } catch (NumberFormatException ex) {
                throw new TensorError("StateDict.fromFlat: key '" + e.getKey() + "' has no parameter index");
            }
            st.computeIfAbsent(idx, k -> new LinkedHashMap<>()).put(parts[2], e.getValue());
        }
        Object parsed = new Json(paramGroupsJson).parse();
        if (!(parsed instanceof List<?> list)) throw new TensorError("StateDict.fromFlat: param groups JSON is not a list");
        List<Map<String, Object>> groups = new ArrayList<>();
        for (Object g : list) {
            if (!(g instanceof Map<?, ?> m)) throw new TensorError("StateDict.fromFlat: a param group is not an object");
            LinkedHashMap<String, Object> opts = new LinkedHashMap<>();
            for (var kv : m.entrySet()) {
                Object v = kv.getValue();
                String key = (String) kv.getKey();
                if (key.equals("params") && v instanceof List<?> l) {
                    List<Integer> ids = new ArrayList<>();
                    for (Object o : l) ids.add(((Number) o).intValue());
                    v = ids;
                } else if (v instanceof List<?> l) {
                    double[] d = new double[l.size()];
                    for (int i = 0; i < d.length; i++) d[i] = ((Number) l.get(i)).doubleValue();
                    v = d;
                }
                opts.put(key, v);
            }
            groups.add(opts);
        }
        return new StateDict(st, groups);
    }

    /** A small JSON reader for the group options: objects, arrays, numbers, booleans, null, strings. */
    private static final class Json {
        private final String s;
        private int i;

        Json(String s) { this.s = s; }

        Object parse() {
            Object v = value();
            ws();
            if (i != s.length()) fail("trailing characters");
            return v;
        }

        private void ws() { while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++; }

        private RuntimeException fail(String why) {
            throw new TensorError("StateDict.fromFlat: bad param groups JSON at " + i + ": " + why);
        }

        private Object value() {
            ws();
            if (i >= s.length()) throw fail("unexpected end");
            char c = s.charAt(i);
            if (c == '{') {
                i++;
                LinkedHashMap<String, Object> m = new LinkedHashMap<>();
                ws();
                if (s.charAt(i) == '}') { i++; return m; }
                while (true) {
                    ws();
                    Object k = value();
                    if (!(k instanceof String key)) throw fail("object key is not a string");
                    ws();
                    if (s.charAt(i++) != ':') throw fail("expected ':'");
                    m.put(key, value());
                    ws();
                    char d = s.charAt(i++);
                    if (d == '}') return m;
                    if (d != ',') throw fail("expected ',' or '}'");
                }
            }
            if (c == '[') {
                i++;
                List<Object> l = new ArrayList<>();
                ws();
                if (s.charAt(i) == ']') { i++; return l; }
                while (true) {
                    l.add(value());
                    ws();
                    char d = s.charAt(i++);
                    if (d == ']') return l;
                    if (d != ',') throw fail("expected ',' or ']'");
                }
            }
            if (c == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (s.charAt(i) != '"') {
                    char d = s.charAt(i++);
                    if (d == '\\') d = s.charAt(i++);
                    sb.append(d);
                }
                i++;
                return sb.toString();
            }
            for (String lit : new String[] {"true", "false", "null", "NaN", "Infinity", "-Infinity"}) {
                if (s.startsWith(lit, i)) {
                    i += lit.length();
                    return switch (lit) {
                        case "true" -> Boolean.TRUE;
                        case "false" -> Boolean.FALSE;
                        case "null" -> null;
                        case "NaN" -> Double.NaN;
                        case "Infinity" -> Double.POSITIVE_INFINITY;
                        default -> Double.NEGATIVE_INFINITY;
                    };
                }
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
            String num = s.substring(start, i);
            if (num.isEmpty()) throw fail("unexpected '" + c + "'");
            try {
                if (num.matches("-?\\d+")) return Long.parseLong(num);
                return Double.parseDouble(num);
            } catch (NumberFormatException ex) {
                throw fail("bad number '" + num + "'");
            }
        }
    }
}
