package org.tensorshell.kernel.wire;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConnectionTest {
    private static final String KEY = "secret";

    /**
     * A channel thread sends on IOPub itself only when nothing is queued: what another thread published
     * before it (stream output, say) still goes out first.
     */
    @Test
    void iopubKeepsPublicationOrderAcrossThreads() throws Exception {
        JsonObject conn = new JsonObject();
        conn.addProperty("ip", "127.0.0.1");
        conn.addProperty("transport", "tcp");
        conn.addProperty("signature_scheme", "hmac-sha256");
        conn.addProperty("key", KEY);
        for (String port : List.of("shell_port", "control_port", "stdin_port", "hb_port", "iopub_port")) {
            try (ServerSocket s = new ServerSocket(0)) {
                conn.addProperty(port, s.getLocalPort());
            }
        }
        Connection connection = new Connection(KernelConnectionProperties.parse(conn.toString()));
        ZMQ.Context ctx = ZMQ.context(1);
        ZMQ.Socket sub = ctx.socket(SocketType.SUB);
        ZMQ.Socket client = ctx.socket(SocketType.DEALER);
        try {
            sub.subscribe(new byte[0]);
            sub.setReceiveTimeOut(50);
            sub.connect("tcp://127.0.0.1:" + conn.get("iopub_port").getAsInt());
            // a subscription takes a moment to reach the publisher: publish until one arrives
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean subscribed = false;
            while (!subscribed && System.nanoTime() < end) {
                connection.publish(null, MessageType.PUBLISH_STATUS, text("probe"));
                subscribed = !receive(sub).isEmpty();
            }
            connection.drain(1000);
            while (!receive(sub).isEmpty()) {
                // probes still in flight
            }

            int queued = 300;
            CompletableFuture<Void> done = new CompletableFuture<>();
            connection.serve(connection.shell(), request -> {
                try {
                    connection.publish(request, MessageType.PUBLISH_STATUS, text("first"));
                    // large enough that the IOPub thread is still sending them when "last" is published
                    String padding = "x".repeat(64 << 10);
                    Thread other = new Thread(() -> {
                        for (int i = 0; i < queued; i++) {
                            JsonObject c = text("queued " + i);
                            c.addProperty("padding", padding);
                            connection.publish(request, MessageType.PUBLISH_STATUS, c);
                        }
                    });
                    other.start();
                    other.join();
                    connection.publish(request, MessageType.PUBLISH_STATUS, text("last"));
                    done.complete(null);
                } catch (Throwable t) {
                    done.completeExceptionally(t);
                }
            });
            client.connect("tcp://127.0.0.1:" + conn.get("shell_port").getAsInt());
            sendSigned(client);
            done.get(10, TimeUnit.SECONDS);

            List<String> expected = new ArrayList<>();
            expected.add("first");
            for (int i = 0; i < queued; i++) {
                expected.add("queued " + i);
            }
            expected.add("last");
            List<String> got = new ArrayList<>();
            end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (got.size() < expected.size() && System.nanoTime() < end) {
                String s = receive(sub);
                if (!s.isEmpty()) {
                    got.add(s);
                }
            }
            assertEquals(expected, got);
        } finally {
            for (ZMQ.Socket socket : List.of(client, sub)) {
                socket.setLinger(0);
                socket.close();
            }
            ctx.close();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals("tensorshell-shell")) { // the channel thread serve() started
                    t.interrupt();
                    t.join(5000);
                }
            }
        }
    }

    private static JsonObject text(String state) {
        JsonObject c = new JsonObject();
        c.addProperty("execution_state", state);
        return c;
    }

    /** The execution_state of the next IOPub message, or "" when none arrived in time. */
    private static String receive(ZMQ.Socket sub) {
        List<byte[]> frames = new ArrayList<>();
        byte[] f = sub.recv();
        if (f == null) {
            return "";
        }
        frames.add(f);
        while (sub.hasReceiveMore()) {
            frames.add(sub.recv());
        }
        int delimiter = 0;
        while (!new String(frames.get(delimiter), StandardCharsets.UTF_8).equals("<IDS|MSG>")) {
            delimiter++;
        }
        String content = new String(frames.get(delimiter + 5), StandardCharsets.UTF_8);
        return JsonParser.parseString(content).getAsJsonObject().get("execution_state").getAsString();
    }

    private static void sendSigned(ZMQ.Socket client) throws Exception {
        byte[] header = ("{\"msg_id\":\"1\",\"username\":\"u\",\"session\":\"s\",\"date\":\"2026-01-01T00:00:00Z\","
                + "\"msg_type\":\"kernel_info_request\",\"version\":\"5.3\"}").getBytes(StandardCharsets.UTF_8);
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        String signature = new HMACGenerator("hmac-sha256", KEY).calculateSignature(header, empty, empty, empty);
        client.sendMore("<IDS|MSG>");
        client.sendMore(signature);
        client.sendMore(header);
        client.sendMore(empty);
        client.sendMore(empty);
        client.send(empty);
    }
}
