package org.miked.gdh.wire;

import org.miked.dh.wire.RunHeader;

/** A decoded GDH message: {@link GdhData} or {@link GdhStatus}. */
public sealed interface GdhMessage permits GdhData, GdhStatus {
    /** Upflow of GDH.2 (M_i to M_{i+1}): i+1 partial values and the cardinal value. */
    int UPFLOW = 1;
    /** Last member's broadcast (GDH.2 and GDH.3): one partial value per other member. */
    int BROADCAST = 2;
    /** What a member still waits for (nag) and which run lineage it holds. */
    int STATUS = 3;
    /** GDH.3 stage 1 (M_i to M_{i+1}): g^(r_1...r_i). */
    int CHAIN = 4;
    /** GDH.3 stage 2 (M_{n-1} to all): g^(r_1...r_{n-1}). */
    int CARDINAL = 5;
    /** GDH.3 stage 3 (M_i to M_n): the cardinal value with r_i factored out. */
    int FACTOR = 6;
    /** CLIQUES leave (controller to all): refreshed partial values of the remaining members. */
    int LEAVE = 7;
    /** Bytes of a lineage hash (names the agreed run whose state a leave builds on). */
    int LINEAGE_BYTES = 16;

    /** @return the run header */
    RunHeader header();

    /** @return a short name of a message type */
    static String typeName(int type) {
        return switch (type) {
            case UPFLOW -> "UPFLOW";
            case BROADCAST -> "BROADCAST";
            case STATUS -> "STATUS";
            case CHAIN -> "CHAIN";
            case CARDINAL -> "CARDINAL";
            case FACTOR -> "FACTOR";
            case LEAVE -> "LEAVE";
            default -> "type" + type;
        };
    }
}
