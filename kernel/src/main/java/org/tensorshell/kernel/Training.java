package org.tensorshell.kernel;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.KernelTimestamp;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.tensorshell.kernel.wire.Connection;
import org.tensorshell.kernel.wire.Incoming;

import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The workload the installer records a JDK class-data / AOT cache from: a kernel bound to free
 * loopback ports handles the requests of a typical first session (kernel_info, a few cells,
 * completion, an error), without a frontend. Replies go nowhere (ROUTER drops unknown peers).
 */
final class Training {
    private Training() {
    }

    static void run() throws Exception {
        JsonObject conn = new JsonObject();
        conn.addProperty("ip", "127.0.0.1");
        conn.addProperty("transport", "tcp");
        conn.addProperty("signature_scheme", "hmac-sha256");
        conn.addProperty("key", UUID.randomUUID().toString());
        for (String port : List.of("shell_port", "control_port", "stdin_port", "hb_port", "iopub_port")) {
            try (ServerSocket s = new ServerSocket(0)) {
                conn.addProperty(port, s.getLocalPort());
            }
        }
        Connection connection = new Connection(KernelConnectionProperties.parse(conn.toString()));
        Kernel kernel = new Kernel(connection);
        kernel.boot();
        request(kernel, connection, "kernel_info_request", "{}");
        // Several rounds, so that the JDK's AOT cache records warm method profiles for javac and
        // JShell (JDK 25+): later kernels then reach compiled code after far fewer cells.
        int rounds = Integer.getInteger("tensorshell.trainingRounds", 12);
        for (int round = 0; round < rounds; round++) {
            train(kernel, connection);
        }
        connection.drain(1000);
        Log.info("training run done");
        System.out.flush();
        Runtime.getRuntime().exit(0);
    }

    private static void train(Kernel kernel, Connection connection) {
        for (String code : List.of(
                "int a = 1; a + 1",
                "1 + 1",
                "a",
                "var x = new java.util.Random().doubles(9).toArray(); x",
                "System.out.println(\"hello\"); String s = \"abc\"; s.length()",
                "record P(int x, int y) {} new P(1, 2)",
                "int twice(int v) { return 2 * v; } twice(21)",
                "List.of(1, 2, 3).stream().map(i -> i * i).toList()",
                "int broken = ;",
                "Integer.parseInt(\"x\")",
                "%time a + 1",
                // a no-op compile error until tensor-lib provides Torch; then it trains the tensor path
                "var t = org.tensorshell.Torch.randn(3, 3); t")) {
            request(kernel, connection, "execute_request", execute(code));
        }
        request(kernel, connection, "complete_request", "{\"code\": \"Str\", \"cursor_pos\": 3}");
        request(kernel, connection, "is_complete_request", "{\"code\": \"for (;;) {\"}");
        request(kernel, connection, "inspect_request", "{\"code\": \"Math.max\", \"cursor_pos\": 6, \"detail_level\": 0}");
    }

    private static String execute(String code) {
        JsonObject c = new JsonObject();
        c.addProperty("code", code);
        c.addProperty("silent", false);
        c.addProperty("store_history", true);
        c.add("user_expressions", new JsonObject());
        c.addProperty("allow_stdin", false);
        c.addProperty("stop_on_error", false);
        return c.toString();
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void request(Kernel kernel, Connection connection, String type, String content) {
        Header h = new Header(UUID.randomUUID().toString(), "training", "training",
                new KernelTimestamp(Instant.now().toString()), MessageType.getType(type), Connection.PROTOCOL_VERSION);
        Incoming m = new Incoming(List.of(), h, type, JsonParser.parseString(content).getAsJsonObject());
        kernel.onShell(connection.shell(), m);
    }
}
