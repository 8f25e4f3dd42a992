package org.miked.kernel;

import java.util.Map;

/** Linux errno names, for messages a person can act on. */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EACCES = 13;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;
    public static final int ENOSYS = 38;
    public static final int EPROTONOSUPPORT = 93;
    public static final int EAFNOSUPPORT = 97;

    private static final Map<Integer, String> NAMES = Map.ofEntries(Map.entry(1, "EPERM"), Map.entry(2, "ENOENT"),
            Map.entry(3, "ESRCH"), Map.entry(4, "EINTR"), Map.entry(11, "EAGAIN"), Map.entry(12, "ENOMEM"),
            Map.entry(13, "EACCES"), Map.entry(17, "EEXIST"), Map.entry(22, "EINVAL"), Map.entry(38, "ENOSYS"),
            Map.entry(93, "EPROTONOSUPPORT"), Map.entry(95, "EOPNOTSUPP"), Map.entry(97, "EAFNOSUPPORT"),
            Map.entry(105, "ENOBUFS"));

    private Errno() {
    }

    public static String name(int errno) {
        return NAMES.getOrDefault(errno, "errno " + errno);
    }

    /** @return e.g. "EAFNOSUPPORT (97): Address family not supported by protocol" */
    public static String describe(int errno) {
        String text;
        try {
            text = KernelSocket.libc().strerror(errno);
        } catch (RuntimeException | LinkageError e) {
            text = "";
        }
        return name(errno) + " (" + errno + ")" + (text == null || text.isEmpty() ? "" : ": " + text);
    }
}
