package org.miked.api;

import java.util.Objects;

/**
 * Identity of a host taking part in key management (a sender or a receiver), e.g. {@code "s01"},
 * {@code "r00042"} or an address literal such as {@code "fd00::12"}. 1 to 64 characters of
 * {@code [A-Za-z0-9._:-]}. Credentials in the group policy are bound to this identity.
 *
 * @param id the identity string
 */
public record MemberId(String id) implements Comparable<MemberId> {
    public MemberId {
        Objects.requireNonNull(id, "member id");
        if (!Names.valid(id, true)) {
            throw new IllegalArgumentException("member id must be 1-64 characters of [A-Za-z0-9._:-]: '" + id + "'");
        }
    }

    public static MemberId of(String id) {
        return new MemberId(id);
    }

    @Override
    public int compareTo(MemberId o) {
        return id.compareTo(o.id);
    }

    @Override
    public String toString() {
        return id;
    }
}
