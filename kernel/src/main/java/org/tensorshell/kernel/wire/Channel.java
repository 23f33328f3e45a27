package org.tensorshell.kernel.wire;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.KernelTimestamp;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.adapters.HeaderAdapter;
import org.dflib.jjava.jupyter.messages.adapters.KernelTimestampAdapter;
import org.dflib.jjava.jupyter.messages.adapters.MessageTypeAdapter;
import org.slf4j.LoggerFactory;
import org.tensorshell.kernel.Log;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * One Jupyter socket. Sending is jjava-jupyter's {@link JupyterSocket#sendMessage}; receiving is
 * ours because 1.0-a6 reads frame by frame (a short forged message desynchronises the socket) and
 * compares signatures with String.equals. Here a whole multipart message is read at once, its
 * HMAC is checked in constant time, and anything unsigned, badly signed or malformed is dropped
 * and logged before a byte of its content is parsed.
 *
 * <p>Each channel is owned by one kernel thread (IOPub's sends are serialised by a lock, see
 * {@link Connection#publish}); notebook code never touches a socket, so a cell
 * that is interrupted can never break the ZeroMQ machinery.
 */
public final class Channel extends JupyterSocket {
    static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);

    static final Gson GSON = new GsonBuilder()
            .registerTypeAdapter(KernelTimestamp.class, KernelTimestampAdapter.INSTANCE)
            .registerTypeAdapter(Header.class, HeaderAdapter.INSTANCE)
            .registerTypeAdapter(MessageType.class, MessageTypeAdapter.INSTANCE)
            .create();

    private final String name;
    private final ToIntFunction<KernelConnectionProperties> port;
    private final HMACGenerator hmac;
    private final boolean signed;

    Channel(ZMQ.Context ctx, SocketType type, HMACGenerator hmac, boolean signed, String name,
            ToIntFunction<KernelConnectionProperties> port) {
        super(ctx, type, hmac, LoggerFactory.getLogger(name));
        this.name = name;
        this.port = port;
        this.hmac = hmac;
        this.signed = signed;
        setLinger(1000);
    }

    /** Binds to exactly the transport and IP of the connection file. */
    @Override
    public void bind(KernelConnectionProperties props) {
        String address = formatAddress(props.getTransport(), props.getIp(), port.applyAsInt(props));
        if (!super.bind(address)) {
            throw new IllegalStateException("cannot bind " + name + " to " + address);
        }
    }

    /**
     * Blocks until a message arrives and returns it, or returns null when the message was dropped
     * (bad signature, malformed) or the context is closing.
     */
    public Incoming receive() {
        ZMsg msg = ZMsg.recvMsg(this);
        return msg == null ? null : parse(frames(msg));
    }

    private static List<byte[]> frames(ZMsg msg) {
        List<byte[]> frames = new ArrayList<>(msg.size());
        msg.forEach(f -> frames.add(f.getData()));
        msg.destroy();
        return frames;
    }

    /**
     * The next valid message within the receive timeout, or null when none came: unlike {@link #receive()},
     * a dropped message (bad signature, malformed) does not end the wait.
     */
    public Incoming receiveValid() {
        ZMsg msg;
        while ((msg = ZMsg.recvMsg(this)) != null) {
            Incoming in = parse(frames(msg));
            if (in != null) return in;
        }
        return null;
    }

    Incoming parse(List<byte[]> frames) {
        int delimiter = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(DELIMITER, frames.get(i))) {
                delimiter = i;
                break;
            }
        }
        if (delimiter < 0 || frames.size() < delimiter + 6) {
            Log.info(name + ": dropped a malformed message (" + frames.size() + " frames)");
            return null;
        }
        byte[] signature = frames.get(delimiter + 1);
        byte[] header = frames.get(delimiter + 2);
        byte[] parent = frames.get(delimiter + 3);
        byte[] metadata = frames.get(delimiter + 4);
        byte[] content = frames.get(delimiter + 5);
        if (!verify(signature, header, parent, metadata, content)) {
            Log.info(name + ": dropped a message with a bad or missing HMAC signature");
            return null;
        }
        try {
            Header<?> h = GSON.fromJson(new String(header, StandardCharsets.UTF_8), Header.class);
            JsonObject c = JsonParser.parseString(new String(content, StandardCharsets.UTF_8)).getAsJsonObject();
            String type = JsonParser.parseString(new String(header, StandardCharsets.UTF_8))
                    .getAsJsonObject().get("msg_type").getAsString();
            return new Incoming(List.copyOf(frames.subList(0, delimiter)), h, type, c);
        } catch (RuntimeException e) {
            Log.warn(name + ": dropped a message that is not valid JSON", e);
            return null;
        }
    }

    /** HMAC over header, parent header, metadata and content, compared in constant time. */
    boolean verify(byte[] signature, byte[]... parts) {
        if (!signed) {
            return true;
        }
        byte[] expected = hmac.calculateSignature(parts).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature);
    }

    public String name() {
        return name;
    }
}
