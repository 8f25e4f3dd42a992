/**
 * GDH.2 and GDH.3 (Steiner, Tsudik, Waidner, ACM CCS '96) with the CLIQUES member leave, as pure state
 * machines (private).
 *
 * <pre>
 *   GdhSession  -- header checks, fragment reassembly + element validation, STATUS nags, resends,
 *      |           inactivity timeout, key schedule, lineage kept for a later leave
 *      +-- Gdh2Flow   UPFLOW chain M_1 .. M_n, BROADCAST by M_n
 *      +-- Gdh3Flow   CHAIN M_1 .. M_{n-1}, CARDINAL by M_{n-1}, FACTOR to M_n, BROADCAST by M_n
 *      +-- LeaveFlow  STATUS(lineage) from all, LEAVE by the last remaining member
 * </pre>
 *
 * Loss: a member that is not done multicasts a STATUS every {@code gdh.retransmitMillis} naming the
 * authors it still waits for; an author that already sent what that member needs resends it by unicast
 * (at most once per half interval per member). A run whose member list is the previous agreed run's
 * minus some members starts as a leave; if any member answers with another lineage, or any full-run
 * message appears, every member falls back to the full protocol in the same run.
 */
package org.miked.gdh.core;
