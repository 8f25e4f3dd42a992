package org.miked.sim.network;

/**
 * Traffic of one link class: every copy of a datagram (a multicast to n hosts makes n copies) is
 * counted on the class of the link it crossed.
 *
 * @param copies copies that entered links of this class
 * @param bytes payload bytes of those copies
 * @param delivered copies handed to a host's handler (duplicates count again)
 * @param dropped copies lost, partitioned, sent to or from a down host, or refused at the receiver
 */
public record LinkStats(long copies, long bytes, long delivered, long dropped) {
}
