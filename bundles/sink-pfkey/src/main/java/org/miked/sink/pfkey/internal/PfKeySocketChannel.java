package org.miked.sink.pfkey.internal;

import org.miked.kernel.KernelSocket;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.miked.api.sa.SaException;
import org.miked.common.wire.DecodeException;
import org.miked.sink.pfkey.wire.PfKey;
import org.miked.sink.pfkey.wire.PfKeyCodec;

/**
 * A {@code PF_KEY_V2} socket through jnr-ffi. One reader thread receives everything the kernel sends to
 * the socket: the reply to our pending request (same type, sequence and pid) goes to the waiting caller,
 * SADB_EXPIRE messages (sent to every socket registered for ESP) go to the expire consumer, and the
 * copies of other processes' messages that PF_KEY broadcasts are ignored.
 */
final class PfKeySocketChannel implements PfKeyChannel {
    static final int PF_KEY_V2 = 2;
    private static final System.Logger LOG = System.getLogger("org.miked.sink.pfkey");
    private static final long TIMEOUT_MS = 5000;

    private final KernelSocket socket;
    private final int pid = (int) ProcessHandle.current().pid();
    private final AtomicInteger seq = new AtomicInteger((int) (System.nanoTime() & 0x3fffffff));
    private final BlockingQueue<PfKey.Message> replies = new ArrayBlockingQueue<>(16);
    private final Thread reader;
    private volatile PfKey.Message pending;
    private volatile boolean closed;

    private PfKeySocketChannel(KernelSocket socket, Consumer<PfKey.Message> onExpire) {
        this.socket = socket;
        this.reader = new Thread(() -> read(onExpire), "miked-pfkey-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * @param onExpire receives SADB_EXPIRE messages on the reader thread
     * @return an open channel
     * @throws KernelSocket.Failure errno EAFNOSUPPORT if the kernel has no PF_KEY, EPERM without privilege
     */
    static PfKeySocketChannel open(Consumer<PfKey.Message> onExpire) throws KernelSocket.Failure {
        KernelSocket s = KernelSocket.open(KernelSocket.PF_KEY, KernelSocket.SOCK_RAW, PF_KEY_V2);
        try {
            s.receiveTimeout(500);
        } catch (KernelSocket.Failure e) {
            s.close();
            throw e;
        }
        return new PfKeySocketChannel(s, onExpire);
    }

    @Override
    public int nextSeq() {
        return seq.incrementAndGet();
    }

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public synchronized PfKey.Message request(PfKey.Message request) throws SaException {
        replies.clear();
        pending = request;
        try {
            socket.send(PfKeyCodec.encode(request));
            PfKey.Message r = replies.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (r == null) {
                throw new SaException("PF_KEY: no reply to message type " + request.type() + " within " + TIMEOUT_MS + " ms");
            }
            return r;
        } catch (KernelSocket.Failure e) {
            throw new SaException("PF_KEY " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SaException("PF_KEY: interrupted while waiting for the kernel");
        } finally {
            pending = null;
        }
    }

    private void read(Consumer<PfKey.Message> onExpire) {
        byte[] buf = new byte[65536];
        while (!closed) {
            try {
                int n = socket.receive(buf);
                if (n <= 0) {
                    continue;
                }
                PfKey.Message m = PfKeyCodec.decode(buf, n);
                PfKey.Message p = pending;
                if (p != null && m.type() == p.type() && m.seq() == p.seq() && m.pid() == pid) {
                    replies.offer(m);
                } else if (m.type() == PfKey.SADB_EXPIRE) {
                    onExpire.accept(m);
                }
            } catch (DecodeException e) {
                LOG.log(System.Logger.Level.WARNING, "PF_KEY: malformed message from the kernel ignored: " + e.getMessage());
            } catch (KernelSocket.Failure e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, "PF_KEY socket: " + e.getMessage());
                }
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "PF_KEY reader failed: " + e, e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket.close();
    }
}
