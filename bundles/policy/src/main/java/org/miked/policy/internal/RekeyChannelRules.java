package org.miked.policy.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.miked.api.MemberId;
import org.miked.api.policy.SenderEntry;
import org.miked.common.net.IpLiteral;
import org.miked.common.net.RekeyAddresses;

/**
 * Checks {@code rekeyChannels} and {@code rekeyAddresses} and gives each key server its rekey multicast
 * address: the one listed for it, else the derived one ({@link RekeyAddresses}). Every address is a multicast
 * literal of the control address's family, distinct from the control address, from every other server's and
 * from the data address where the ports could meet. Failures name the field.
 */
final class RekeyChannelRules {
    private RekeyChannelRules() {
    }

    /**
     * @return per sender in policy order its rekey address, or an empty list for a shared channel
     */
    static List<String> check(FieldErrors e, String mode, String[] raw, List<SenderEntry> senders,
            String controlAddress, int controlPort, String dataAddress, int dataPort) {
        String m = ConfigValues.text(mode).toLowerCase(Locale.ROOT);
        List<String> items = ConfigValues.items(raw);
        switch (m) {
            case "shared" -> {
                if (!items.isEmpty()) {
                    throw e.at("rekeyAddresses", "only with rekeyChannels = per-server (this group shares "
                            + "controlAddress)");
                }
                return List.of();
            }
            case "per-server" -> {
                // checked below
            }
            default -> throw e.at("rekeyChannels", "must be per-server or shared, got '" + ConfigValues.text(mode)
                    + "'");
        }
        Map<MemberId, String> listed = listed(e, items, senders);
        List<String> derived;
        try {
            derived = RekeyAddresses.derive(controlAddress, senders.size());
        } catch (IllegalArgumentException x) {
            derived = null;
            if (listed.size() < senders.size()) {
                throw e.at("rekeyChannels", "cannot derive per-server addresses: " + x.getMessage()
                        + "; list every sender in rekeyAddresses or use rekeyChannels = shared");
            }
        }
        byte[] control = IpLiteral.parse(controlAddress);
        byte[] data = IpLiteral.parse(dataAddress);
        List<String> out = new ArrayList<>();
        Map<String, MemberId> owner = new HashMap<>();
        for (int i = 0; i < senders.size(); i++) {
            MemberId id = senders.get(i).id();
            String a = listed.containsKey(id) ? listed.get(id) : derived.get(i);
            byte[] b = IpLiteral.parse(a);
            String field = listed.containsKey(id) ? "rekeyAddresses" : "rekeyChannels";
            String what = "rekey address " + a + " of " + id + (listed.containsKey(id) ? "" : " (derived)");
            if (b.length != control.length) {
                throw e.at(field, what + " is not of controlAddress's family");
            }
            if (Arrays.equals(b, control)) {
                throw e.at(field, what + " is controlAddress: a per-server channel needs its own address");
            }
            if (Arrays.equals(b, data) && (dataPort == 0 || dataPort == controlPort)) {
                throw e.at(field, what + " is dataAddress with " + (dataPort == 0 ? "any" : "the same")
                        + " port: the MSA would cover key management too");
            }
            MemberId before = owner.putIfAbsent(IpLiteral.format(b), id);
            if (before != null) {
                throw e.at(field, what + " is also the rekey address of " + before);
            }
            out.add(a);
        }
        return out;
    }

    private static Map<MemberId, String> listed(FieldErrors e, List<String> items, List<SenderEntry> senders) {
        Map<MemberId, String> out = new HashMap<>();
        for (String item : items) {
            int at = item.indexOf('@');
            if (at < 0) {
                throw e.at("rekeyAddresses", "'" + item + "': expected senderId@multicastAddress");
            }
            MemberId id = Fields.memberId(e, "rekeyAddresses", item.substring(0, at).trim());
            if (senders.stream().noneMatch(s -> s.id().equals(id))) {
                throw e.at("rekeyAddresses", "'" + id + "' is not one of the senders");
            }
            String a = Fields.multicast(e, "rekeyAddresses", item.substring(at + 1));
            if (out.put(id, a) != null) {
                throw e.at("rekeyAddresses", "sender '" + id + "' is listed more than once");
            }
        }
        return out;
    }
}
