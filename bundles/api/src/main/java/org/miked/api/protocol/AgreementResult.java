package org.miked.api.protocol;

import java.util.List;
import java.util.Objects;
import org.miked.api.MemberId;

/**
 * The outcome of a successful agreement run.
 *
 * @param run the run number
 * @param members the senders that hold the secret, in protocol order
 * @param secret the agreed secret, already passed through a KDF with the transcript (32 bytes or more)
 * @param transcriptHash hash of the run's transcript (so members can compare runs without the secret)
 */
public record AgreementResult(long run, List<MemberId> members, byte[] secret, byte[] transcriptHash) {
    public AgreementResult {
        members = List.copyOf(members);
        secret = Objects.requireNonNull(secret, "secret").clone();
        transcriptHash = transcriptHash.clone();
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public byte[] transcriptHash() {
        return transcriptHash.clone();
    }

    @Override
    public String toString() {
        return "AgreementResult[run=" + run + ", members=" + members + "]";
    }
}
