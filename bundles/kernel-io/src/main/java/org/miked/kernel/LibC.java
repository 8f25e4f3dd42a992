package org.miked.kernel;

import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;

/** The few libc calls a kernel socket needs, bound with jnr-ffi. errno is saved after each call. */
public interface LibC {
    int socket(int domain, int type, int protocol);

    int bind(int fd, @In byte[] addr, int addrlen);

    int setsockopt(int fd, int level, int optname, @In byte[] optval, int optlen);

    long send(int fd, @In byte[] buf, long len, int flags);

    long recv(int fd, @Out byte[] buf, long len, int flags);

    int close(int fd);

    String strerror(int errnum);
}
