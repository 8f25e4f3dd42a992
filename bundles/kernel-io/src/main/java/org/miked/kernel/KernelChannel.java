package org.miked.kernel;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.miked.api.sa.SaException;
import org.miked.common.wire.DecodeException;

/**
 * One kernel socket with a daemon reader thread, shared by the kernel sinks' channels. The thread decodes
 * everything the kernel sends; the message a pending {@link #request} waits for goes to that caller, every
 * other one to the notification consumer (expiries; copies of other processes' PF_KEY messages, which it
 * may ignore) on a second thread, so that a consumer waiting for the sink's lock never holds up the reply
 * that the lock's owner is waiting for.
 *
 * <pre>
 *   caller --request(bytes, isReply)--> send --+                     +--> isReply? --> caller (or timeout)
 *                                              |  reader thread:     |
 *   kernel ------------------------------------+--> recv --> decode -+--> otherwise --> queue --> notifier
 *                                                                         thread --> notifications
 * </pre>
 *
 * <p>A message that does not decode while a request is pending fails that request (the kernel answered
 * something we cannot read); otherwise it is logged and skipped. A socket error ends the thread.
 *
 * @param <M> the decoded message type
 */
public final class KernelChannel<M> implements AutoCloseable {
    /** How long a request waits for its reply. */
    public static final long REPLY_TIMEOUT_MS = 5000;
    /** The socket's receive timeout: how quickly the reader notices {@link #close}. */
    static final long POLL_MS = 500;

    /** Turns received bytes into messages. */
    @FunctionalInterface
    public interface Decoder<M> {
        /**
         * @param buf received bytes
         * @param length how many
         * @return the messages in them
         * @throws DecodeException if they are malformed
         */
        List<M> decode(byte[] buf, int length) throws DecodeException;
    }

    /** Where the bytes go and come from; {@link KernelSocket} in production, a fake in tests. */
    interface Socket extends AutoCloseable {
        void send(byte[] msg) throws KernelSocket.Failure;

        /** @return bytes received, or -1 on timeout */
        int receive(byte[] buf) throws KernelSocket.Failure;

        @Override
        void close();
    }

    private record Reply<M>(M message, DecodeException malformed) {
    }

    private final String label;
    private final long replyTimeoutMs;
    private final Socket socket;
    private final Decoder<M> decoder;
    private final Consumer<? super M> notifications;
    private final System.Logger log;
    private final BlockingQueue<Reply<M>> replies = new ArrayBlockingQueue<>(16);
    private final BlockingQueue<M> unsolicited = new LinkedBlockingQueue<>();
    private final Thread reader;
    private final Thread notifier;
    private volatile Predicate<? super M> pending;
    private volatile boolean closed;

    KernelChannel(String label, String threadName, Socket socket, Decoder<M> decoder, Consumer<? super M> notifications,
            System.Logger log, long replyTimeoutMs) {
        this.label = Objects.requireNonNull(label, "label");
        this.replyTimeoutMs = replyTimeoutMs;
        this.socket = Objects.requireNonNull(socket, "socket");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.notifications = notifications;
        this.log = Objects.requireNonNull(log, "log");
        this.reader = new Thread(this::read, threadName);
        reader.setDaemon(true);
        this.notifier = notifications == null ? null : new Thread(this::deliverNotifications, threadName + "-events");
        if (notifier != null) {
            notifier.setDaemon(true);
            notifier.start();
        }
        reader.start();
    }

    /**
     * Starts reading an open socket; from now on the channel owns it (and closes it on failure here).
     *
     * @param label names the interface in messages ({@code "XFRM"}, {@code "PF_KEY"})
     * @param threadName the reader thread's name
     * @param socket an open, bound socket
     * @param decoder the interface's decoder
     * @param notifications receives, in order and on a thread of its own, every message that is not a pending
     *     request's reply; null: such messages are dropped (a socket that only carries replies)
     * @return the channel
     * @throws KernelSocket.Failure if the receive timeout cannot be set
     */
    public static <M> KernelChannel<M> start(String label, String threadName, KernelSocket socket, Decoder<M> decoder,
            Consumer<? super M> notifications) throws KernelSocket.Failure {
        try {
            socket.receiveTimeout(POLL_MS);
        } catch (KernelSocket.Failure e) {
            socket.close();
            throw e;
        }
        Socket s = new Socket() {
            @Override
            public void send(byte[] msg) throws KernelSocket.Failure {
                socket.send(msg);
            }

            @Override
            public int receive(byte[] buf) throws KernelSocket.Failure {
                return socket.receive(buf);
            }

            @Override
            public void close() {
                socket.close();
            }
        };
        return new KernelChannel<>(label, threadName, s, decoder, notifications,
                System.getLogger("org.miked.kernel"), REPLY_TIMEOUT_MS);
    }

    /**
     * Sends a request and waits for its reply; one request at a time.
     *
     * @param message the encoded request
     * @param isReply recognises its reply (sequence number, type, pid)
     * @param what names the request in the timeout message, e.g. {@code "seq 17"}
     * @return the reply
     * @throws SaException if the channel is closed, the send failed, a malformed message came while waiting,
     *     or no reply came within {@link #REPLY_TIMEOUT_MS}
     */
    public synchronized M request(byte[] message, Predicate<? super M> isReply, String what) throws SaException {
        if (closed) {
            throw new SaException(label + ": the channel is closed");
        }
        replies.clear();
        pending = isReply;
        try {
            socket.send(message);
            Reply<M> r = replies.poll(replyTimeoutMs, TimeUnit.MILLISECONDS);
            if (r == null) {
                throw new SaException(label + ": no answer from the kernel to " + what + " within " + replyTimeoutMs
                        + " ms");
            }
            if (r.malformed() != null) {
                throw new SaException(label + ": malformed answer from the kernel: " + r.malformed().getMessage(),
                        r.malformed());
            }
            return r.message();
        } catch (KernelSocket.Failure e) {
            throw new SaException(label + " " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SaException(label + ": interrupted while waiting for the kernel");
        } finally {
            pending = null;
        }
    }

    private void read() {
        byte[] buf = new byte[65536];
        while (!closed) {
            try {
                int n = socket.receive(buf);
                if (n <= 0) {
                    continue;
                }
                List<M> messages;
                try {
                    messages = decoder.decode(buf, n);
                } catch (DecodeException e) {
                    if (pending == null || !replies.offer(new Reply<>(null, e))) {
                        log.log(System.Logger.Level.WARNING, label + ": malformed message from the kernel ignored: "
                                + e.getMessage());
                    }
                    continue;
                }
                for (M m : messages) {
                    Predicate<? super M> p = pending;
                    if (p != null && p.test(m)) {
                        replies.offer(new Reply<>(m, null));
                    } else if (notifier != null) {
                        unsolicited.add(m);
                    }
                }
            } catch (KernelSocket.Failure e) {
                if (!closed) {
                    log.log(System.Logger.Level.WARNING, label + " socket: " + e.getMessage());
                }
                return;
            } catch (RuntimeException e) {
                log.log(System.Logger.Level.WARNING, label + " reader: " + e, e);
            }
        }
    }

    private void deliverNotifications() {
        while (!closed) {
            M m;
            try {
                m = unsolicited.poll(POLL_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (m == null) {
                continue;
            }
            try {
                notifications.accept(m);
            } catch (RuntimeException e) {
                log.log(System.Logger.Level.WARNING, label + " notification handler failed: " + e, e);
            }
        }
    }

    private static void join(Thread t) {
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(2 * POLL_MS + 500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops the reader (within about {@link #POLL_MS}) and closes the socket. */
    @Override
    public void close() {
        closed = true;
        join(reader);
        join(notifier);
        synchronized (this) {
            socket.close();
        }
    }
}
