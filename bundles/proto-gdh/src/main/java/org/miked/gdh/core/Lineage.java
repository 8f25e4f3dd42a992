package org.miked.gdh.core;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.miked.api.MemberId;
import org.miked.dh.group.Element;

/**
 * What a member keeps from its last agreed run so that a later run without some members can be a CLIQUES
 * leave instead of a full restart: the member list, the run's lineage hash (first 16 bytes of its transcript
 * hash), this member's exponent and the partial keys {@code P_j = g^(prod r / r_j)} it knows (all of them at
 * the last member, all but the last member's elsewhere).
 *
 * @param members the run's member list
 * @param hash lineage hash
 * @param r this member's exponent in the key
 * @param partials partial keys by position, null where unknown
 */
record Lineage(List<MemberId> members, byte[] hash, BigInteger r, Element[] partials) {
    Lineage {
        members = List.copyOf(members);
        hash = hash.clone();
        partials = partials.clone();
    }

    /** @return true if next keeps at least 2 of these members, drops at least one and adds none, in the same order */
    boolean canLeaveTo(List<MemberId> next) {
        if (next.size() < 2 || next.size() >= members.size()) {
            return false;
        }
        int k = 0;
        for (MemberId m : members) {
            if (k < next.size() && next.get(k).equals(m)) {
                k++;
            }
        }
        return k == next.size();
    }

    /** @return the partial key of a member of this lineage, or null if unknown here */
    Element partialOf(MemberId m) {
        int p = members.indexOf(m);
        return p < 0 ? null : partials[p];
    }

    boolean sameHash(byte[] h) {
        return Arrays.equals(hash, h);
    }
}
