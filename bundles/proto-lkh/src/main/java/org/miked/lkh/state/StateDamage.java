package org.miked.lkh.state;

/**
 * Why a state record was not taken: it is reported by name (one log line, a counter per kind) and the key
 * server starts a fresh tree instead; nothing of the record is used.
 */
public final class StateDamage extends Exception {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the record; {@link #counter()} names its counter. */
    public enum Kind {
        /** Shorter than its header says, or than any record. */
        TRUNCATED("truncated"),
        /** Not a key-server state record at all (wrong magic). */
        NOT_A_RECORD("not-a-record"),
        /** A format version this code does not read. */
        FORMAT("format"),
        /** Written for another group or by another key server. */
        FOREIGN("foreign"),
        /** Sealed under another key (the policy's signing key changed, or another host's record). */
        WRONG_KEY("wrong-key"),
        /** Authentication failed (a byte changed), or the authenticated body does not decode. */
        CORRUPT("corrupt"),
        /** Authentic, but does not fit this session (another tree degree). */
        MISMATCH("mismatch");

        private final String counter;

        Kind(String counter) {
            this.counter = counter;
        }

        /** @return the counter suffix, e.g. {@code "wrong-key"} */
        public String counter() {
            return counter;
        }
    }

    private final Kind kind;

    /**
     * @param kind what is wrong
     * @param detail one line naming it
     */
    public StateDamage(Kind kind, String detail) {
        super(detail);
        this.kind = kind;
    }

    /** @return what is wrong */
    public Kind kind() {
        return kind;
    }
}
