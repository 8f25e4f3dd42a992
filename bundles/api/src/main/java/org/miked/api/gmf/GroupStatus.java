package org.miked.api.gmf;

import java.util.Map;
import org.miked.api.GroupId;
import org.miked.api.Role;

/**
 * A snapshot of one group at one host.
 *
 * @param group the group
 * @param role this host's role
 * @param state state
 * @param reason why the group is in this state (empty when KEYED)
 * @param epoch current epoch, 0 before the first key
 * @param keyFingerprint first 8 bytes of SHA-256 of the current epoch key, hex (empty without one):
 *     compares keys across hosts without revealing them
 * @param agreement agreement protocol in use (name and bundle version)
 * @param distribution distribution protocol in use (name and bundle version)
 * @param senders senders that took part in the last agreement
 * @param receivers at a sender the receivers it serves, else 0
 * @param msas MSAs installed for the group
 * @param counters event counters (messages, rejections by reason, rekeys)
 */
public record GroupStatus(GroupId group, Role role, GroupState state, String reason, long epoch,
        String keyFingerprint, String agreement, String distribution, int senders, int receivers, int msas,
        Map<String, Long> counters) {
    public GroupStatus {
        counters = Map.copyOf(counters);
    }
}
