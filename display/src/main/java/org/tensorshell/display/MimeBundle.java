package org.tensorshell.display;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a notebook shows for one value: MIME type to data, plus per-type metadata, as in Jupyter's
 * {@code display_data}. Text types and {@code image/svg+xml} are Strings, binary types ({@code image/png})
 * are base64 Strings, JSON types ({@code application/...+json}) are Maps and Lists. Every bundle built
 * here carries {@code text/plain}. A bundle displays as itself, so it can be handed to any display sink.
 */
public record MimeBundle(Map<String, Object> data, Map<String, Object> metadata) implements Displayable {
    public static final String TEXT = "text/plain";
    public static final String HTML = "text/html";
    public static final String PNG = "image/png";
    public static final String SVG = "image/svg+xml";
    public static final String VEGA_LITE = "application/vnd.vegalite.v5+json";

    public MimeBundle {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(metadata, "metadata");
        if (!data.containsKey(TEXT)) throw new IllegalArgumentException("MimeBundle: every bundle needs text/plain, got " + data.keySet());
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** A bundle with only {@code text/plain}. */
    public static MimeBundle text(String text) { return builder(text).build(); }

    /** Starts a bundle from its text form; add richer types with the builder. */
    public static Builder builder(String text) { return new Builder(text); }

    /** The String data for a MIME type, or null. */
    public String get(String mimeType) {
        Object v = data.get(mimeType);
        return v instanceof String s ? s : null;
    }

    public boolean has(String mimeType) { return data.containsKey(mimeType); }

    public String text() { return get(TEXT); }

    public String html() { return get(HTML); }

    /** The base64 PNG, or null. */
    public String png() { return get(PNG); }

    @Override
    public MimeBundle toMimeBundle() { return this; }

    @Override
    public String toString() { return text(); }

    /** Collects MIME entries in insertion order (frontends pick the richest type they can show). */
    public static final class Builder {
        private final Map<String, Object> data = new LinkedHashMap<>();
        private final Map<String, Object> metadata = new LinkedHashMap<>();

        private Builder(String text) { data.put(TEXT, Objects.requireNonNull(text, "text")); }

        public Builder html(String html) { return put(HTML, html); }

        public Builder png(String base64) { return put(PNG, base64); }

        /** A PNG with its size in the metadata, so frontends can lay it out before decoding. */
        public Builder png(String base64, int width, int height) {
            metadata.put(PNG, Map.of("width", width, "height", height));
            return put(PNG, base64);
        }

        public Builder svg(String svg) { return put(SVG, svg); }

        public Builder vegaLite(Map<String, Object> spec) { return put(VEGA_LITE, spec); }

        /** Any other MIME type; null data is ignored. */
        public Builder put(String mimeType, Object value) {
            if (value != null) data.put(mimeType, value);
            return this;
        }

        public Builder metadata(String key, Object value) {
            metadata.put(key, value);
            return this;
        }

        public MimeBundle build() { return new MimeBundle(data, metadata); }
    }
}
