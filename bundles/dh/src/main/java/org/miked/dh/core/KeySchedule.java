package org.miked.dh.core;

import org.miked.api.protocol.AgreementResult;
import org.miked.common.crypto.Hkdf;
import org.miked.dh.group.Element;

/**
 * The agreed secret: {@code HKDF-SHA-256(ikm = encoded raw group key, salt = transcript hash,
 * info = "miked agreement" 0x00 group 0x00 run, 32 bytes)}.
 */
public final class KeySchedule {
    /** Bytes of the agreed secret. */
    public static final int SECRET_BYTES = 32;

    private KeySchedule() {
    }

    /**
     * @param run the run
     * @param rawKey the group key element every member computed
     * @param transcriptHash the run's transcript hash
     * @return the result to hand to {@code ctx.agreed}
     */
    public static AgreementResult result(RunInfo run, Element rawKey, byte[] transcriptHash) {
        byte[] secret = Hkdf.derive(rawKey.encoded(), transcriptHash, "agreement", SECRET_BYTES, run.groupName(),
                Long.toString(run.run()));
        return new AgreementResult(run.run(), run.members(), secret, transcriptHash);
    }
}
