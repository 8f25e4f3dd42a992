package org.miked.sink.pfkey.internal;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.miked.api.runtime.StateStore;
import org.miked.api.sa.Msa;
import org.miked.api.sa.SaCapability;
import org.miked.api.sa.SaEventListener;
import org.miked.api.sa.SaException;
import org.miked.api.sa.SaId;
import org.miked.kernel.Errno;
import org.miked.kernel.KernelSaSink;
import org.miked.kernel.SaEndpoints;
import org.miked.sink.pfkey.wire.PfKey;

/**
 * The host's kernel SAD through PF_KEY v2 (RFC 2367), as the paper installs MSAs: SADB_ADD, one
 * SADB_X_SPDUPDATE (add or replace) per sender and direction, SADB_DELETE (ESRCH tolerated),
 * SADB_X_SPDDELETE with a sender's last SA, and SADB_EXPIRE back to the listener. Which SAs are ours, the
 * shared policy's reference count, expiry matching and close-deletes-all are {@link KernelSaSink}'s; this
 * class only speaks PF_KEY. Never SADB_FLUSH: that would delete other daemons' SAs. For the sweep after a
 * SIGKILL ({@link KernelSaSink#sweepLeftovers}) it reads an SA back with SADB_GET (ours only if source,
 * transport mode and reqid 0 match); a policy cannot be read back by selector through PF_KEY
 * (SADB_X_SPDGET wants the kernel's index), so a recorded policy key none of whose SAs turned out foreign is
 * deleted by its exact selector. Thread-safe: every kernel request runs under the sink's lock.
 */
final class PfKeySink extends KernelSaSink {
    private final PfKeyChannel kernel;
    private final Set<Integer> kernelEncrypt;
    private final Set<Integer> kernelAuth;

    /**
     * @param kernel the PF_KEY socket
     * @param listener expiry events
     * @param capabilities what the sink reports (and installs: MSAs needing anything else are refused)
     * @param kernelEncrypt encryption algorithm ids the kernel listed at SADB_REGISTER (empty: not checked)
     * @param kernelAuth authentication algorithm ids it listed (empty: not checked)
     */
    PfKeySink(PfKeyChannel kernel, SaEventListener listener, Set<SaCapability> capabilities, Set<Integer> kernelEncrypt,
            Set<Integer> kernelAuth) {
        this(kernel, listener, capabilities, kernelEncrypt, kernelAuth, StateStore.NONE);
    }

    /**
     * @param kernel the PF_KEY socket
     * @param listener expiry events
     * @param capabilities what the sink reports
     * @param kernelEncrypt encryption algorithm ids the kernel listed at SADB_REGISTER (empty: not checked)
     * @param kernelAuth authentication algorithm ids it listed (empty: not checked)
     * @param store where the SA ledger survives a SIGKILL
     */
    PfKeySink(PfKeyChannel kernel, SaEventListener listener, Set<SaCapability> capabilities, Set<Integer> kernelEncrypt,
            Set<Integer> kernelAuth, StateStore store) {
        super(PfKeySinkFactory.NAME, listener, capabilities, store);
        this.kernel = kernel;
        this.kernelEncrypt = Set.copyOf(kernelEncrypt);
        this.kernelAuth = Set.copyOf(kernelAuth);
    }

    /** Refuses, before asking the kernel, an algorithm its SADB_REGISTER answer did not list. */
    private void checkOffered(Msa msa) throws SaException {
        int[] alg = PfKeyMapping.algorithms(msa);
        if (!kernelEncrypt.isEmpty() && !kernelEncrypt.contains(alg[0])) {
            throw new SaException(msa.id() + ": the kernel's PF_KEY does not offer " + msa.encryption() + " (SADB id "
                    + alg[0] + "; it offers " + new TreeSet<>(kernelEncrypt) + ")"
                    + (msa.encryption().startsWith("rfc4") ? ": Linux's af_key has no AEADs at all; use cbc(aes) with an"
                            + " HMAC, or the xfrm sink" : ""));
        }
        if (alg[1] != PfKey.SADB_AALG_NONE && !kernelAuth.isEmpty() && !kernelAuth.contains(alg[1])) {
            throw new SaException(msa.id() + ": the kernel's PF_KEY does not offer " + msa.integrity() + " (SADB id "
                    + alg[1] + "; it offers " + new TreeSet<>(kernelAuth) + ")");
        }
    }

    /** SADB_EXPIRE from the kernel: hard if it carries a hard lifetime. */
    void onExpire(PfKey.Message m) {
        PfKey.Sa sa = m.ext(PfKey.Sa.class, PfKey.EXT_SA);
        PfKey.Address dst = m.ext(PfKey.Address.class, PfKey.EXT_ADDRESS_DST);
        if (sa != null && dst != null) {
            expired(sa.spi(), dst.addr(), m.ext(PfKey.Lifetime.class, PfKey.EXT_LIFETIME_HARD) != null);
        }
    }

    // KernelSaSink: the kernel requests, called under the sink's lock

    @Override
    protected void addSa(Msa msa) throws SaException {
        checkOffered(msa);
        expectOk(msa.id(), kernel.request(PfKeyMapping.add(kernel.nextSeq(), kernel.pid(), msa)));
    }

    @Override
    protected void addPolicy(Msa msa) throws SaException {
        // SPDUPDATE, not SPDADD: a policy left behind by a killed incarnation of this daemon is replaced
        // instead of refused with EEXIST (found by kernel-e2e's restart phase)
        expectOk(msa.id(), kernel.request(PfKeyMapping.spd(PfKey.SADB_X_SPDUPDATE, kernel.nextSeq(), kernel.pid(), msa)));
    }

    @Override
    protected void deleteSa(Msa msa) throws SaException {
        PfKey.Message r = kernel.request(PfKeyMapping.delete(kernel.nextSeq(), kernel.pid(), msa));
        if (r.errno() != 0 && r.errno() != Errno.ESRCH) {
            throw refused(msa.id(), r);
        }
    }

    @Override
    protected void deletePolicy(Msa msa) throws SaException {
        PfKey.Message r = kernel.request(PfKeyMapping.spd(PfKey.SADB_X_SPDDELETE, kernel.nextSeq(), kernel.pid(), msa));
        if (r.errno() != 0 && r.errno() != Errno.ENOENT) {
            throw refused(msa.id(), r);
        }
    }

    /** SADB_GET at the recorded SA's place (af_key looks it up by destination, SPI and type only). */
    @Override
    protected Found examineSa(Msa remnant) throws SaException {
        SaEndpoints e = SaEndpoints.of(remnant);
        PfKey.Message del = PfKeyMapping.delete(kernel.nextSeq(), kernel.pid(), remnant);
        PfKey.Message r = kernel.request(new PfKey.Message(PfKey.SADB_GET, 0, del.satype(), del.seq(), del.pid(),
                del.extensions()));
        if (r.errno() == Errno.ESRCH || r.errno() == Errno.ENOENT) {
            return Found.ABSENT;
        }
        if (r.errno() != 0) {
            throw refused(remnant.id(), r);
        }
        PfKey.Address src = r.ext(PfKey.Address.class, PfKey.EXT_ADDRESS_SRC);
        if (src == null || !Arrays.equals(src.addr(), e.src().getAddress())) {
            return Found.foreign("its source is not " + remnant.source());
        }
        PfKey.Sa2 sa2 = r.ext(PfKey.Sa2.class, PfKey.EXT_X_SA2);
        if (sa2 != null && (sa2.reqid() != 0 || sa2.mode() != PfKey.IPSEC_MODE_TRANSPORT)) {
            return Found.foreign("reqid " + sa2.reqid() + " / mode " + sa2.mode() + ", not ours (reqid 0, transport)");
        }
        return Found.OURS;
    }

    /** PF_KEY reads policies back by index only: a recorded key is deleted by its exact selector. */
    @Override
    protected Found examinePolicy(Msa remnant) {
        return Found.OURS;
    }

    @Override
    protected void release() {
        kernel.close();
    }

    private static void expectOk(SaId id, PfKey.Message r) throws SaException {
        if (r.errno() != 0) {
            throw refused(id, r);
        }
    }

    static SaException refused(SaId id, PfKey.Message r) {
        String hint = switch (r.errno()) {
            case Errno.EPERM, Errno.EACCES -> "; the daemon needs CAP_NET_ADMIN";
            case Errno.EEXIST -> "; an SA with this SPI and destination already exists";
            case Errno.EPROTONOSUPPORT -> "; the kernel lacks ESP for this family (modules esp4 / esp6)";
            case Errno.ENOSYS, Errno.ENOENT -> "; the kernel lacks the algorithm (load its crypto module)";
            default -> "";
        };
        return new SaException(id + ": PF_KEY message type " + r.type() + " refused: " + Errno.name(r.errno()) + " ("
                + r.errno() + ")" + hint);
    }
}
