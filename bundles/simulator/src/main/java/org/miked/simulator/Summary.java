package org.miked.simulator;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.util.Locale;

/**
 * What a simulation run produced. Everything but {@code wallSeconds} repeats exactly for the same
 * scenario and seed.
 *
 * @param scenario the scenario's name
 * @param senders senders present at the end (the scenario's, less those crashed for good or down)
 * @param receivers receivers members at the end (initial + joined - left)
 * @param receiversKeyed receivers holding the current group key at the end
 * @param emconReceivers receivers in EMCON at the end
 * @param emconKeyed EMCON receivers holding the current group key at the end
 * @param departed receivers that left during the run
 * @param departedStillServed departed receivers some key server still counts as members (a leave that
 *     never arrived): they would receive later keys, so this must be 0 for forward secrecy
 * @param sendersKeyed senders holding the current group key at the end
 * @param epochs the current epoch at the end (epochs the group went through)
 * @param agreementRuns agreement runs started by the coordinating sender(s)
 * @param messages datagrams sent
 * @param bytes bytes sent
 * @param deliveries datagrams delivered
 * @param dropped datagrams lost, partitioned or filtered
 * @param emconPacketsSent packets EMCON hosts tried to send (must be 0)
 * @param keyFingerprint fingerprint of the current group key
 * @param simulatedSeconds simulated time
 * @param wallSeconds wall time of the run
 * @param longestUnkeyedS the longest a present receiver waited for the key of an epoch that had begun at a
 *     sender (or, if it joined later, since its join), sampled every 2 s
 * @param longestUnkeyed who that was and from when, or "-"
 * @param receiverBytesPerHour bytes delivered to a receiver present at the end, on average, per simulated hour
 * @param authRejected datagrams the hosts rejected because their authentication failed
 * @param corrupted datagram copies that had a bit flipped in flight
 * @param forged datagrams an outsider forged
 * @param receiversServedByBackup present receivers holding the current key that a key server other than their
 *     own has in its tree while their own (crashed, or back without them) does not: served by a backup after
 *     their key server failed (issue 11)
 * @param maxSecondsUnkeyed the longest a present receiver that had held a key went without the current one,
 *     counted from the missing epoch's start, its first key or its (re)join, whichever is latest; its first
 *     registration is left out (unlike {@code longestUnkeyedS}), sampled every 2 s
 * @param registrationsAfterRestart new registrations (the key server's {@code lkh.join}: a receiver it did not
 *     hold, admitted) taken by key servers in an incarnation after a crash and restart, summed over those
 *     incarnations, less the scenario's first joins to them: receivers registering again with a server that
 *     lost its tree (0 when it continued its tree from its state record, issue 11)
 * @param crashes host crashes carried out (a crash of a receiver that was not running then is skipped)
 * @param restarts restarts of crashed hosts carried out
 * @param departedSilently departed receivers that sent no LEAVE (silent leaves, crashes without restart, a
 *     leave that fell while the receiver was down); counted in {@code departed}
 * @param partitionDrops datagram copies dropped because a partition separated sender and receiver
 * @param dataSent application packets the senders sent on the data plane (docs/data-plane.md; 0 when
 *     {@code dataRatePps} is 0)
 * @param dataNoSa application packets a present sender could not send protected because it had no outbound MSA
 *     (not sent, not in {@code dataSent})
 * @param dataBytesSent {@code dataSent} times the scenario's {@code dataBytes}
 * @param dataDelivered (packet, receiver) copies that reached a present receiver owed the packet: the packet's
 *     epoch is at least the first epoch the receiver held (a joiner is not owed what senders still send in the
 *     epoch before its own; what it misses before its first key is join latency, {@code longestUnkeyedS})
 * @param dataDecrypted of {@code dataDelivered}, the copies the receiver decrypted: its sink held, under the
 *     packet's SPI, an inbound MSA whose encryption and integrity keys are the ones the packet was sent with
 * @param dataKeyLoss of {@code dataDelivered}, the copies the receiver could not decrypt (no such MSA, or other
 *     keys): application data lost to key changes ({@code dataDelivered - dataDecrypted})
 * @param dataKeyLossRatio {@code dataKeyLoss / dataDelivered}, 0 when nothing was delivered
 * @param departedDecrypted (departed receiver, packet) pairs such that the receiver, keeping every key it held
 *     (taken as every epoch from its first to its highest), could decrypt the packet, sent more than the bound
 *     (the activation delay) after its departure was processed (no key server's tree held it any more): must
 *     be 0 (forward secrecy end to end)
 * @param joinerDecryptedEarlier (receiver, packet) pairs of a packet sent before the receiver first joined that
 *     it could decrypt with a key it held at some point: must be 0 (backward secrecy end to end)
 */
public record Summary(String scenario, int senders, int receivers, int receiversKeyed, int emconReceivers,
        int emconKeyed, int departed, int departedStillServed, int sendersKeyed, long epochs, long agreementRuns, long messages, long bytes,
        long deliveries, long dropped, long emconPacketsSent, String keyFingerprint, double simulatedSeconds,
        double wallSeconds, double longestUnkeyedS, String longestUnkeyed, long receiverBytesPerHour, long authRejected,
        long corrupted, long forged, int receiversServedByBackup, double maxSecondsUnkeyed,
        long registrationsAfterRestart, int crashes, int restarts, int departedSilently, long partitionDrops,
        long dataSent, long dataNoSa, long dataBytesSent, long dataDelivered, long dataDecrypted, long dataKeyLoss,
        double dataKeyLossRatio, long departedDecrypted, long joinerDecryptedEarlier) {

    /** A summary of a run without a data plane (every data field 0). */
    public Summary(String scenario, int senders, int receivers, int receiversKeyed, int emconReceivers,
            int emconKeyed, int departed, int departedStillServed, int sendersKeyed, long epochs, long agreementRuns,
            long messages, long bytes, long deliveries, long dropped, long emconPacketsSent, String keyFingerprint,
            double simulatedSeconds, double wallSeconds, double longestUnkeyedS, String longestUnkeyed,
            long receiverBytesPerHour, long authRejected, long corrupted, long forged, int receiversServedByBackup,
            double maxSecondsUnkeyed, long registrationsAfterRestart, int crashes, int restarts, int departedSilently,
            long partitionDrops) {
        this(scenario, senders, receivers, receiversKeyed, emconReceivers, emconKeyed, departed, departedStillServed,
                sendersKeyed, epochs, agreementRuns, messages, bytes, deliveries, dropped, emconPacketsSent,
                keyFingerprint, simulatedSeconds, wallSeconds, longestUnkeyedS, longestUnkeyed, receiverBytesPerHour,
                authRejected, corrupted, forged, receiversServedByBackup, maxSecondsUnkeyed, registrationsAfterRestart,
                crashes, restarts, departedSilently, partitionDrops, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** @return this summary with a wall time of 0: what repeats exactly for a scenario and seed */
    public Summary withoutWall() {
        return new Summary(scenario, senders, receivers, receiversKeyed, emconReceivers, emconKeyed, departed,
                departedStillServed, sendersKeyed, epochs, agreementRuns, messages, bytes, deliveries, dropped,
                emconPacketsSent, keyFingerprint, simulatedSeconds, 0, longestUnkeyedS, longestUnkeyed,
                receiverBytesPerHour, authRejected, corrupted, forged, receiversServedByBackup, maxSecondsUnkeyed,
                registrationsAfterRestart, crashes, restarts, departedSilently, partitionDrops, dataSent, dataNoSa,
                dataBytesSent, dataDelivered, dataDecrypted, dataKeyLoss, dataKeyLossRatio, departedDecrypted,
                joinerDecryptedEarlier);
    }

    /** @return the summary as a JSON object (pretty printed) */
    public String toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("scenario", scenario);
        o.addProperty("senders", senders);
        o.addProperty("receivers", receivers);
        o.addProperty("receiversKeyed", receiversKeyed);
        o.addProperty("emconReceivers", emconReceivers);
        o.addProperty("emconKeyed", emconKeyed);
        o.addProperty("departed", departed);
        o.addProperty("departedStillServed", departedStillServed);
        o.addProperty("sendersKeyed", sendersKeyed);
        o.addProperty("epochs", epochs);
        o.addProperty("agreementRuns", agreementRuns);
        o.addProperty("messages", messages);
        o.addProperty("bytes", bytes);
        o.addProperty("deliveries", deliveries);
        o.addProperty("dropped", dropped);
        o.addProperty("emconPacketsSent", emconPacketsSent);
        o.addProperty("keyFingerprint", keyFingerprint);
        o.addProperty("simulatedSeconds", simulatedSeconds);
        o.addProperty("wallSeconds", wallSeconds);
        o.addProperty("longestUnkeyedS", longestUnkeyedS);
        o.addProperty("longestUnkeyed", longestUnkeyed);
        o.addProperty("receiverBytesPerHour", receiverBytesPerHour);
        o.addProperty("authRejected", authRejected);
        o.addProperty("corrupted", corrupted);
        o.addProperty("forged", forged);
        o.addProperty("receiversServedByBackup", receiversServedByBackup);
        o.addProperty("maxSecondsUnkeyed", maxSecondsUnkeyed);
        o.addProperty("registrationsAfterRestart", registrationsAfterRestart);
        o.addProperty("crashes", crashes);
        o.addProperty("restarts", restarts);
        o.addProperty("departedSilently", departedSilently);
        o.addProperty("partitionDrops", partitionDrops);
        o.addProperty("dataSent", dataSent);
        o.addProperty("dataNoSa", dataNoSa);
        o.addProperty("dataBytesSent", dataBytesSent);
        o.addProperty("dataDelivered", dataDelivered);
        o.addProperty("dataDecrypted", dataDecrypted);
        o.addProperty("dataKeyLoss", dataKeyLoss);
        o.addProperty("dataKeyLossRatio", dataKeyLossRatio);
        o.addProperty("departedDecrypted", departedDecrypted);
        o.addProperty("joinerDecryptedEarlier", joinerDecryptedEarlier);
        return new GsonBuilder().setPrettyPrinting().create().toJson(o);
    }

    /** @return a readable table */
    public String toTable() {
        StringBuilder sb = new StringBuilder();
        row(sb, "scenario", scenario);
        row(sb, "senders (keyed)", senders + " (" + sendersKeyed + ")");
        row(sb, "receivers (keyed)", receivers + " (" + receiversKeyed + ")");
        row(sb, "  of which EMCON (keyed)", emconReceivers + " (" + emconKeyed + ")");
        row(sb, "receivers departed", departed + (departedStillServed == 0 ? " (none still served)"
                : " (" + departedStillServed + " STILL SERVED)") + (departedSilently == 0 ? ""
                : ", " + departedSilently + " without a LEAVE"));
        row(sb, "epochs", Long.toString(epochs));
        row(sb, "agreement runs", Long.toString(agreementRuns));
        row(sb, "messages / bytes sent", messages + " / " + bytes);
        row(sb, "deliveries / dropped", deliveries + " / " + dropped);
        row(sb, "EMCON packets sent", Long.toString(emconPacketsSent));
        row(sb, "longest without the key", String.format(Locale.ROOT, "%.0f s (%s)", longestUnkeyedS, longestUnkeyed));
        row(sb, "longest unkeyed once keyed", String.format(Locale.ROOT, "%.0f s", maxSecondsUnkeyed));
        row(sb, "bytes per receiver-hour", Long.toString(receiverBytesPerHour));
        if (crashes > 0 || partitionDrops > 0) {
            row(sb, "faults: crashes / restarts", crashes + " / " + restarts + " (" + registrationsAfterRestart
                    + " registrations after a restart, " + receiversServedByBackup + " served by a backup)");
            row(sb, "copies cut by partitions", Long.toString(partitionDrops));
        }
        if (corrupted > 0 || forged > 0 || authRejected > 0) {
            row(sb, "attacks: flipped / forged", corrupted + " / " + forged + " (" + authRejected
                    + " rejected by authentication)");
        }
        if (dataSent > 0 || dataNoSa > 0) {
            row(sb, "data sent / bytes / no SA", dataSent + " / " + dataBytesSent + " / " + dataNoSa);
            row(sb, "data delivered / decrypted", dataDelivered + " / " + dataDecrypted);
            row(sb, "data lost to key changes", String.format(Locale.ROOT, "%d (ratio %.3g)", dataKeyLoss,
                    dataKeyLossRatio));
            row(sb, "data read by departed", departedDecrypted + (departedDecrypted == 0 ? "" : " (FORWARD SECRECY)"));
            row(sb, "data read by joiners", joinerDecryptedEarlier + " sent before they joined"
                    + (joinerDecryptedEarlier == 0 ? "" : " (BACKWARD SECRECY)"));
        }
        row(sb, "group key fingerprint", keyFingerprint);
        row(sb, "simulated / wall seconds", String.format(Locale.ROOT, "%.1f / %.1f", simulatedSeconds, wallSeconds));
        row(sb, "result", ok() ? "OK: every receiver holds the current key, no departed receiver is served"
                : "INCOMPLETE: " + (receivers - receiversKeyed) + " receivers without the current key, "
                        + departedStillServed + " departed still served, " + emconPacketsSent + " EMCON packets");
        return sb.toString();
    }

    private static void row(StringBuilder sb, String k, String v) {
        sb.append(String.format(Locale.ROOT, "%-26s %s%n", k, v));
    }

    /** @return true if the run reached its goal */
    public boolean ok() {
        return receiversKeyed == receivers && sendersKeyed == senders && emconPacketsSent == 0
                && departedStillServed == 0;
    }
}
