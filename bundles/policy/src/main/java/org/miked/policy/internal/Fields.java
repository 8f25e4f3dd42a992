package org.miked.policy.internal;

import org.miked.common.net.IpLiteral;
import java.util.regex.Pattern;
import org.miked.api.MemberId;

/** Checks of single values shared by the validator and its helpers; each failure names the field. */
final class Fields {
    /** Names of protocols, schemes and sinks: safe in service filters and shell arguments. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Fields() {
    }

    /** @return the member id, or throws naming field and reason */
    static MemberId memberId(FieldErrors errors, String field, String text) {
        try {
            return MemberId.of(text);
        } catch (IllegalArgumentException e) {
            throw errors.at(field, e.getMessage());
        }
    }

    /**
     * A component name (protocol, scheme, sink). Unknown names are fine: the bundle that provides it may be
     * deployed later; the GMF waits for it.
     */
    static String name(FieldErrors errors, String field, String raw) {
        String v = ConfigValues.text(raw);
        if (v.isEmpty()) {
            throw errors.at(field, "must name a component, got an empty value");
        }
        if (!NAME.matcher(v).matches()) {
            throw errors.at(field, "'" + v + "' is not a name: 1-64 characters of [A-Za-z0-9._-]");
        }
        return v;
    }

    /** @return the value if within [min, max], else throws */
    static long range(FieldErrors errors, String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw errors.at(field, "must be " + min + ".." + max + ", got " + value);
        }
        return value;
    }

    /** @return the parsed literal address, or throws naming the field */
    static byte[] address(FieldErrors errors, String field, String text) {
        try {
            return IpLiteral.parse(text);
        } catch (IllegalArgumentException e) {
            throw errors.at(field, e.getMessage());
        }
    }

    /** @return the trimmed multicast address literal; throws if missing, not literal, or not multicast */
    static String multicast(FieldErrors errors, String field, String raw) {
        String v = ConfigValues.text(raw);
        if (v.isEmpty()) {
            throw errors.at(field, "required: a multicast address literal");
        }
        if (!IpLiteral.isMulticast(address(errors, field, v))) {
            throw errors.at(field, "'" + v + "' is not a multicast address (IPv4 224.0.0.0/4, IPv6 ff00::/8)");
        }
        return v;
    }
}
