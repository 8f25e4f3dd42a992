package org.miked.sink.pfkey.internal;

import java.util.Map;

/** Linux errno names, for messages a person can act on. */
final class Errno {
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int ESRCH = 3;
    static final int EACCES = 13;
    static final int EEXIST = 17;
    static final int EINVAL = 22;
    static final int ENOSYS = 38;
    static final int EPROTONOSUPPORT = 93;
    static final int EAFNOSUPPORT = 97;

    private static final Map<Integer, String> NAMES = Map.ofEntries(Map.entry(1, "EPERM"), Map.entry(2, "ENOENT"),
            Map.entry(3, "ESRCH"), Map.entry(4, "EINTR"), Map.entry(11, "EAGAIN"), Map.entry(12, "ENOMEM"),
            Map.entry(13, "EACCES"), Map.entry(17, "EEXIST"), Map.entry(22, "EINVAL"), Map.entry(38, "ENOSYS"),
            Map.entry(93, "EPROTONOSUPPORT"), Map.entry(95, "EOPNOTSUPP"), Map.entry(97, "EAFNOSUPPORT"),
            Map.entry(105, "ENOBUFS"));

    private Errno() {
    }

    static String name(int errno) {
        return NAMES.getOrDefault(errno, "errno " + errno);
    }

    /** @return e.g. "EAFNOSUPPORT (97): Address family not supported by protocol" */
    static String describe(int errno) {
        String text;
        try {
            text = KernelSocket.libc().strerror(errno);
        } catch (RuntimeException | LinkageError e) {
            text = "";
        }
        return name(errno) + " (" + errno + ")" + (text == null || text.isEmpty() ? "" : ": " + text);
    }
}
