package org.tensorshell.kernel.wire;

import com.google.gson.JsonObject;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.KernelTimestamp;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.tensorshell.kernel.Log;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The five Jupyter sockets and the threads that own them.
 *
 * <p>jjava-jupyter 1.0-a6 polls each channel with {@code poll(0)} and sleeps 50 ms between polls,
 * so a request waits 25 ms on average before it is even read. Here every owner thread blocks in
 * {@code recv} (or waits on the IOPub queue) and wakes the moment a message arrives.
 * Heartbeat, IOPub, shell and control each have their own thread, so an interrupt on the control
 * channel is read while the shell thread waits for a running cell. IOPub's thread sends what other
 * threads queue; the shell and control threads send on it themselves ({@link #publish}).
 */
public final class Connection {
    public static final String PROTOCOL_VERSION = "5.3";

    private final ZMQ.Context context = ZMQ.context(1);
    private final String session = UUID.randomUUID().toString();
    private final Channel shell;
    private final Channel control;
    private final Channel stdin;
    private final Channel iopub;
    private final ZMQ.Socket heartbeat;
    /** IOPub messages not sent yet, oldest first; guarded by {@link #iopubLock}, as is every send on IOPub. */
    private final ArrayDeque<Message<?>> outbox = new ArrayDeque<>();
    private final ReentrantLock iopubLock = new ReentrantLock();
    private final Condition queued = iopubLock.newCondition();
    /** The channel threads ({@link #serve}): kernel threads that nothing interrupts, which may send on IOPub themselves. */
    private final Set<Thread> channelThreads = ConcurrentHashMap.newKeySet();

    public Connection(KernelConnectionProperties props) throws Exception {
        HMACGenerator hmac = props.createHMACGenerator();
        boolean signed = props.getKey() != null && !props.getKey().isEmpty();
        shell = new Channel(context, SocketType.ROUTER, hmac, signed, "shell", KernelConnectionProperties::getShellPort);
        control = new Channel(context, SocketType.ROUTER, hmac, signed, "control", KernelConnectionProperties::getControlPort);
        stdin = new Channel(context, SocketType.ROUTER, hmac, signed, "stdin", KernelConnectionProperties::getStdinPort);
        iopub = new Channel(context, SocketType.PUB, hmac, signed, "iopub", KernelConnectionProperties::getIopubPort);
        for (Channel c : List.of(shell, control, stdin, iopub)) {
            c.bind(props);
        }
        heartbeat = context.socket(SocketType.REP);
        heartbeat.setLinger(0);
        String hb = props.getTransport() + "://" + props.getIp() + ":" + props.getHbPort();
        if (!heartbeat.bind(hb)) {
            throw new IllegalStateException("cannot bind heartbeat to " + hb);
        }
        daemon("tensorshell-heartbeat", this::echoHeartbeats);
        daemon("tensorshell-iopub", this::publishLoop);
    }

    public Channel shell() {
        return shell;
    }

    public Channel control() {
        return control;
    }

    /** Starts the thread that owns {@code channel} and hands each verified message to {@code handler}. */
    public void serve(Channel channel, Consumer<Incoming> handler) {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                Incoming msg;
                try {
                    msg = channel.receive();
                } catch (RuntimeException e) {
                    Log.warn(channel.name() + " receive failed, channel loop ends", e);
                    return;
                }
                if (msg == null) {
                    continue;
                }
                try {
                    handler.accept(msg);
                } catch (Throwable e) { // an OutOfMemoryError in one request must not end the loop
                    Log.warn(channel.name() + ": " + msg.msgType() + " handler failed", e);
                }
            }
        }, "tensorshell-" + channel.name());
        t.setDaemon(false);
        channelThreads.add(t);
        t.start();
    }

    /**
     * Sends an IOPub message, in order with every one published before it. A channel thread (shell, control) sends
     * it itself when nothing is queued: a trivial cell's busy, input, result and idle messages then go out without
     * waking the IOPub thread four times, which on a busy two-core machine each cost a wait for a core. Any other
     * thread (a cell's, the stream flusher) only queues it for the IOPub thread: code that may be interrupted never
     * touches the socket (an interrupt closes the NIO channels ZeroMQ signals through).
     */
    public void publish(Incoming parent, MessageType<?> type, JsonObject content) {
        Message<?> msg = message(parent, type, content, List.of());
        boolean direct = channelThreads.contains(Thread.currentThread());
        iopubLock.lock();
        try {
            if (direct && outbox.isEmpty()) {
                send(msg);
            } else {
                outbox.addLast(msg);
                queued.signal();
            }
        } finally {
            iopubLock.unlock();
        }
    }

    /** Sends on IOPub; the caller holds {@link #iopubLock}. */
    private void send(Message<?> msg) {
        try {
            iopub.sendMessage(msg);
        } catch (Throwable e) {
            Log.warn("iopub send failed", e);
        }
    }

    /** Sends a reply on {@code channel}; only the thread that owns the channel may call this. */
    public void reply(Channel channel, Incoming request, MessageType<?> type, JsonObject content) {
        channel.sendMessage(message(request, type, content, request.identities()));
    }

    /**
     * Asks the frontend for a line of input on the stdin channel (called by the shell thread while
     * a cell waits). Returns null when {@code cancelled} turns true before a reply arrives.
     */
    public String input(Incoming request, String prompt, boolean password, BooleanSupplier cancelled) {
        JsonObject content = new JsonObject();
        content.addProperty("prompt", prompt);
        content.addProperty("password", password);
        stdin.sendMessage(message(request, MessageType.INPUT_REQUEST, content, request.identities()));
        stdin.setReceiveTimeOut(100);
        try {
            while (!cancelled.getAsBoolean()) {
                Incoming reply = stdin.receive();
                if (reply != null && "input_reply".equals(reply.msgType())) {
                    return reply.string("value", "");
                }
            }
            return null;
        } finally {
            stdin.setReceiveTimeOut(-1);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Message<?> message(Incoming parent, MessageType<?> type, JsonObject content, List<byte[]> identities) {
        Header header = new Header(UUID.randomUUID().toString(), "kernel", session,
                new KernelTimestamp(Instant.now().toString()), type, PROTOCOL_VERSION);
        return new Message(identities, header, parent == null ? null : parent.header(), null, content, null);
    }

    private void publishLoop() {
        while (true) {
            iopubLock.lock(); // per message: a thread queueing output waits for one send at most
            try {
                while (outbox.isEmpty()) {
                    queued.await();
                }
                send(outbox.peekFirst()); // stays queued until sent: a channel thread must not overtake it
                outbox.pollFirst();
            } catch (InterruptedException e) {
                return; // ends with the kernel
            } finally {
                iopubLock.unlock();
            }
        }
    }

    private boolean outboxEmpty() {
        iopubLock.lock();
        try {
            return outbox.isEmpty();
        } finally {
            iopubLock.unlock();
        }
    }

    /** Waits until every queued IOPub message has been handed to ZeroMQ (bounded wait). */
    public void drain(long timeoutMillis) {
        long end = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!outboxEmpty() && System.nanoTime() < end) {
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private void echoHeartbeats() {
        while (true) {
            try {
                byte[] ping = heartbeat.recv(0);
                if (ping != null) {
                    heartbeat.send(ping, 0);
                }
            } catch (Throwable e) {
                Log.warn("heartbeat failed", e);
                return;
            }
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }
}
