package org.tensorshell.kernel.wire;

import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class ChannelTest {
    private static final String HEADER = "{\"msg_id\":\"1\",\"username\":\"u\",\"session\":\"s\","
            + "\"date\":\"2026-01-01T00:00:00Z\",\"msg_type\":\"execute_request\",\"version\":\"5.3\"}";
    private static final String CONTENT = "{\"code\":\"System.exit(0);\"}";

    private final ZMQ.Context ctx = ZMQ.context(1);
    private final List<Channel> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(Channel::close);
        ctx.close();
    }

    private Channel channel(String key) throws Exception {
        Channel c = new Channel(ctx, SocketType.ROUTER, new HMACGenerator("hmac-sha256", key), true, "test", p -> 0);
        opened.add(c);
        return c;
    }

    private static List<byte[]> frames(String signature) {
        List<byte[]> f = new ArrayList<>();
        f.add("client-id".getBytes(StandardCharsets.UTF_8));
        f.add(Channel.DELIMITER);
        f.add(signature.getBytes(StandardCharsets.US_ASCII));
        for (String part : List.of(HEADER, "{}", "{}", CONTENT)) {
            f.add(part.getBytes(StandardCharsets.UTF_8));
        }
        return f;
    }

    private static String sign(String key) throws Exception {
        return new HMACGenerator("hmac-sha256", key).calculateSignature(
                HEADER.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8), CONTENT.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsCorrectlySignedMessage() throws Exception {
        Incoming m = channel("secret").parse(frames(sign("secret")));
        assertNotNull(m);
        assertEquals("execute_request", m.msgType());
        assertEquals("System.exit(0);", m.string("code", null));
        assertEquals(1, m.identities().size());
    }

    @Test
    void dropsForgedUnsignedAndMalformedMessages() throws Exception {
        Channel c = channel("secret");
        assertNull(c.parse(frames(sign("other-key"))), "signed with another key");
        assertNull(c.parse(frames("")), "no signature");
        assertNull(c.parse(frames(sign("secret").substring(1) + "0")), "tampered signature");
        List<byte[]> tooShort = frames(sign("secret")).subList(0, 4);
        assertNull(c.parse(tooShort), "missing frames");
        List<byte[]> noDelimiter = new ArrayList<>(frames(sign("secret")));
        noDelimiter.remove(1);
        assertNull(c.parse(noDelimiter), "no delimiter");
    }
}
