package org.miked.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jnr.ffi.LibraryLoader;

/**
 * A raw kernel socket (netlink or PF_KEY) through jnr-ffi: blocking sends and receives with a receive
 * timeout. Failures carry the errno so callers can say which module or privilege is missing.
 */
public final class KernelSocket implements AutoCloseable {
    public static final int AF_NETLINK = 16;
    public static final int PF_KEY = 15;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_RCVTIMEO = 20;
    public static final int SO_RCVBUF = 8;
    public static final int SOL_NETLINK = 270;
    public static final int NETLINK_EXT_ACK = 11;
    public static final int NETLINK_CAP_ACK = 10;
    public static final int EINTR = 4;
    public static final int EAGAIN = 11;

    private static volatile LibC libc;

    /** A failed call: which, and the errno. */
    public static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        public final int errno;

        public Failure(String call, int errno) {
            super(call + " failed: " + Errno.describe(errno));
            this.errno = errno;
        }
    }

    private final int fd;
    private volatile boolean closed;

    private KernelSocket(int fd) {
        this.fd = fd;
    }

    public static LibC libc() {
        LibC l = libc;
        if (l == null) {
            synchronized (KernelSocket.class) {
                l = libc;
                if (l == null) {
                    l = LibraryLoader.create(LibC.class).load("c");
                    libc = l;
                }
            }
        }
        return l;
    }

    private static int errno() {
        return jnr.ffi.Runtime.getRuntime(libc()).getLastError();
    }

    /**
     * @return a socket
     * @throws Failure with the errno (EAFNOSUPPORT: no such address family in this kernel)
     */
    public static KernelSocket open(int domain, int type, int protocol) throws Failure {
        int fd = libc().socket(domain, type | SOCK_CLOEXEC, protocol);
        if (fd < 0) {
            throw new Failure("socket(" + domain + ", " + type + ", " + protocol + ")", errno());
        }
        return new KernelSocket(fd);
    }

    /** Binds a netlink socket (sockaddr_nl: family, pad, pid 0 = kernel assigns, groups). */
    public void bindNetlink(int groups) throws Failure {
        byte[] sa = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder()).putShort(0, (short) AF_NETLINK)
                .putInt(4, 0).putInt(8, groups).array();
        if (libc().bind(fd, sa, sa.length) < 0) {
            throw new Failure("bind(netlink groups " + groups + ")", errno());
        }
    }

    public void setInt(int level, int option, int value) throws Failure {
        byte[] v = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, value).array();
        if (libc().setsockopt(fd, level, option, v, 4) < 0) {
            throw new Failure("setsockopt(" + level + ", " + option + ")", errno());
        }
    }

    /** Sets SO_RCVTIMEO (struct timeval: two longs on LP64). */
    public void receiveTimeout(long millis) throws Failure {
        byte[] tv = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putLong(0, millis / 1000)
                .putLong(8, (millis % 1000) * 1000).array();
        if (libc().setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv, 16) < 0) {
            throw new Failure("setsockopt(SO_RCVTIMEO)", errno());
        }
    }

    public void send(byte[] msg) throws Failure {
        long n = libc().send(fd, msg, msg.length, 0);
        if (n < 0) {
            throw new Failure("send", errno());
        }
        if (n != msg.length) {
            throw new Failure("send (short: " + n + " of " + msg.length + ")", 0);
        }
    }

    /** @return bytes received, or -1 on timeout */
    public int receive(byte[] buf) throws Failure {
        while (true) {
            long n = libc().recv(fd, buf, buf.length, 0);
            if (n >= 0) {
                return (int) n;
            }
            int e = errno();
            if (e == EAGAIN) {
                return -1;
            }
            if (e != EINTR) {
                throw new Failure("recv", e);
            }
        }
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            libc().close(fd);
        }
    }
}
