package org.tensorshell.kernel.wire;

import com.google.gson.JsonObject;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.MessageContext;

import java.util.List;

/**
 * A verified message from a client. The content stays JSON so every field the protocol defines
 * is reachable, including those that jjava-jupyter's request classes do not model.
 */
public record Incoming(List<byte[]> identities, Header<?> header, String msgType, JsonObject content)
        implements MessageContext {

    @Override
    public List<byte[]> getIdentities() {
        return identities;
    }

    @Override
    public Header<?> getHeader() {
        return header;
    }

    public String string(String key, String fallback) {
        var e = content.get(key);
        return e == null || e.isJsonNull() ? fallback : e.getAsString();
    }

    public boolean bool(String key, boolean fallback) {
        var e = content.get(key);
        return e == null || e.isJsonNull() ? fallback : e.getAsBoolean();
    }

    public int integer(String key, int fallback) {
        var e = content.get(key);
        return e == null || e.isJsonNull() ? fallback : e.getAsInt();
    }
}
