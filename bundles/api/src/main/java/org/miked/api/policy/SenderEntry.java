package org.miked.api.policy;

import java.util.Objects;
import org.miked.api.MemberId;

/**
 * One sender of a group.
 *
 * @param id its identity
 * @param address its unicast source address (the source of its MSA)
 */
public record SenderEntry(MemberId id, String address) {
    public SenderEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
    }
}
