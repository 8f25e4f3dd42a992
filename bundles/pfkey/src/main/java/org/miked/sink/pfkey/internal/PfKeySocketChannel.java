package org.miked.sink.pfkey.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.miked.api.sa.SaException;
import org.miked.kernel.KernelChannel;
import org.miked.kernel.KernelSocket;
import org.miked.sink.pfkey.wire.PfKey;
import org.miked.sink.pfkey.wire.PfKeyCodec;

/**
 * A {@code PF_KEY_V2} socket read by a {@link KernelChannel}: the reply to our pending request (same
 * type, sequence and pid) goes to the waiting caller, SADB_EXPIRE messages (sent to every socket
 * registered for ESP) go to the expire consumer, and the copies of other processes' messages that PF_KEY
 * broadcasts are ignored.
 */
final class PfKeySocketChannel implements PfKeyChannel {
    static final int PF_KEY_V2 = 2;

    private final KernelChannel<PfKey.Message> channel;
    private final int pid = (int) ProcessHandle.current().pid();
    private final AtomicInteger seq = new AtomicInteger((int) (System.nanoTime() & 0x3fffffff));

    private PfKeySocketChannel(KernelSocket socket, Consumer<PfKey.Message> onExpire) throws KernelSocket.Failure {
        this.channel = KernelChannel.start("PF_KEY", "miked-pfkey-reader", socket, (buf, n) -> List.of(
                PfKeyCodec.decode(buf, n)), m -> {
                    if (m.type() == PfKey.SADB_EXPIRE) {
                        onExpire.accept(m);
                    }
                });
    }

    /**
     * @param onExpire receives SADB_EXPIRE messages on the channel's notification thread
     * @return an open channel
     * @throws KernelSocket.Failure errno EAFNOSUPPORT if the kernel has no PF_KEY, EPERM without privilege
     */
    static PfKeySocketChannel open(Consumer<PfKey.Message> onExpire) throws KernelSocket.Failure {
        return new PfKeySocketChannel(KernelSocket.open(KernelSocket.PF_KEY, KernelSocket.SOCK_RAW, PF_KEY_V2), onExpire);
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
    public PfKey.Message request(PfKey.Message request) throws SaException {
        return channel.request(PfKeyCodec.encode(request), m -> m.type() == request.type() && m.seq() == request.seq()
                && m.pid() == pid, "message type " + request.type() + " (seq " + request.seq() + ")");
    }

    @Override
    public void close() {
        channel.close();
    }
}
