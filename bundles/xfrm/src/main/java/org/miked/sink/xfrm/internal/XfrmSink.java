package org.miked.sink.xfrm.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.miked.api.runtime.StateStore;
import org.miked.api.sa.Msa;
import org.miked.api.sa.SaCapability;
import org.miked.api.sa.SaEventListener;
import org.miked.api.sa.SaException;
import org.miked.kernel.Errno;
import org.miked.kernel.KernelSaSink;
import org.miked.kernel.SaEndpoints;
import org.miked.sink.xfrm.wire.Xfrm;
import org.miked.sink.xfrm.wire.XfrmCodec;

/**
 * The host's kernel SAD through XFRM netlink. {@code install} adds the SA (NEWSA, create-exclusive) and
 * the policy that makes the group's traffic use ESP (UPDPOLICY); {@code delete} removes it (DELSA; an SA
 * the kernel already dropped is not an error). Which SAs are ours, the policy shared by a sender's SAs,
 * expiry matching and close-deletes-all are {@link KernelSaSink}'s; this class only speaks XFRM. Expire
 * notifications for our SAs go to the listener (a hard expiry means the kernel already deleted the SA).
 * For the sweep after a SIGKILL ({@link KernelSaSink#sweepLeftovers}) it reads an SA back with GETSA and a
 * policy with GETPOLICY: ours only if source, mode and MIKED's reqid for the pair (top byte 'M') match.
 *
 * <p>Thread-safe: every kernel request runs under the sink's lock.
 */
final class XfrmSink extends KernelSaSink {
    private static final int REQ = XfrmCodec.NLM_F_REQUEST | XfrmCodec.NLM_F_ACK;

    private final XfrmChannel kernel;

    XfrmSink(XfrmChannel kernel, SaEventListener listener, Set<SaCapability> capabilities) {
        this(kernel, listener, capabilities, StateStore.NONE);
    }

    XfrmSink(XfrmChannel kernel, SaEventListener listener, Set<SaCapability> capabilities, StateStore store) {
        super(XfrmSinkFactory.NAME, listener, capabilities, store);
        this.kernel = kernel;
    }

    /** Called by the channel's events thread for every expire notification. */
    void onExpire(XfrmCodec.Expire e) {
        if (e.info().proto() == Xfrm.IPPROTO_ESP) {
            expired(e.info().spi(), e.info().daddr(), e.hard());
        }
    }

    // KernelSaSink: the kernel requests, called under the sink's lock

    @Override
    protected void addSa(Msa msa) throws SaException {
        SaEndpoints e = SaEndpoints.of(msa);
        Xfrm.SaInfo info = MsaMapping.saInfo(msa, e);
        List<Xfrm.Algo> algos = MsaMapping.algos(msa);
        int seq = kernel.nextSeq();
        expectAck(msa, "NEWSA", kernel.request(XfrmCodec.newSa(XfrmCodec.XFRM_MSG_NEWSA,
                REQ | XfrmCodec.NLM_F_CREATE | XfrmCodec.NLM_F_EXCL, seq, info, algos), seq));
    }

    @Override
    protected void addPolicy(Msa msa) throws SaException {
        SaEndpoints e = SaEndpoints.of(msa);
        int seq = kernel.nextSeq();
        expectAck(msa, "UPDPOLICY", kernel.request(XfrmCodec.newPolicy(XfrmCodec.XFRM_MSG_UPDPOLICY, REQ, seq,
                MsaMapping.policy(msa, e), List.of(MsaMapping.template(e))), seq));
    }

    @Override
    protected void deleteSa(Msa msa) throws SaException {
        SaEndpoints e = SaEndpoints.of(msa);
        int seq = kernel.nextSeq();
        XfrmCodec.Message m = kernel.request(XfrmCodec.delSa(REQ, seq, e.dst().getAddress(), msa.id().spi(), e.family(),
                Xfrm.IPPROTO_ESP, e.src().getAddress()), seq);
        if (m instanceof XfrmCodec.Error err && err.errno() != 0 && err.errno() != Errno.ESRCH) {
            throw refused(msa.id().toString(), "DELSA", err);
        }
    }

    @Override
    protected void deletePolicy(Msa msa) throws SaException {
        SaEndpoints e = SaEndpoints.of(msa);
        int seq = kernel.nextSeq();
        XfrmCodec.Message m = kernel.request(XfrmCodec.delPolicy(REQ, seq, MsaMapping.selector(msa, e), 0,
                MsaMapping.dir(msa)), seq);
        if (m instanceof XfrmCodec.Error err && err.errno() != 0 && err.errno() != Errno.ENOENT) {
            throw refused(msa.id().toString(), "DELPOLICY", err);
        }
    }

    /**
     * GETSA at the recorded SA's place: ours if the kernel's SA there has our source, transport mode and the
     * reqid this sink gives that (source, group) pair; ESRCH: absent.
     */
    @Override
    protected Found examineSa(Msa remnant) throws SaException {
        SaEndpoints e = SaEndpoints.of(remnant);
        int seq = kernel.nextSeq();
        XfrmCodec.Message m = kernel.request(XfrmCodec.getSa(XfrmCodec.NLM_F_REQUEST, seq, e.dst().getAddress(),
                remnant.id().spi(), e.family(), Xfrm.IPPROTO_ESP), seq);
        if (m instanceof XfrmCodec.Error err) {
            if (err.errno() == Errno.ESRCH || err.errno() == Errno.ENOENT) {
                return Found.ABSENT;
            }
            throw refused(remnant.id().toString(), "GETSA", err);
        }
        if (!(m instanceof XfrmCodec.Sa sa)) {
            throw new SaException(remnant.id() + ": GETSA: unexpected answer " + m);
        }
        Xfrm.SaInfo i = sa.info();
        if (!Arrays.equals(i.saddr(), Xfrm.addr16(e.src().getAddress()))) {
            return Found.foreign("its source is not " + remnant.source());
        }
        if (i.reqid() != MsaMapping.reqid(e)) {
            return Found.foreign(String.format("reqid 0x%08x, not ours 0x%08x", i.reqid(), MsaMapping.reqid(e)));
        }
        if (i.mode() != Xfrm.MODE_TRANSPORT || i.family() != e.family()) {
            return Found.foreign("not a transport-mode SA of this family");
        }
        return Found.OURS;
    }

    /**
     * GETPOLICY by the recorded SA's selector and direction: ours if it requires exactly one ESP transport
     * template with the pair's reqid at MIKED's priority; ENOENT: absent.
     */
    @Override
    protected Found examinePolicy(Msa remnant) throws SaException {
        SaEndpoints e = SaEndpoints.of(remnant);
        int seq = kernel.nextSeq();
        XfrmCodec.Message m = kernel.request(XfrmCodec.getPolicy(XfrmCodec.NLM_F_REQUEST, seq,
                MsaMapping.selector(remnant, e), 0, MsaMapping.dir(remnant)), seq);
        if (m instanceof XfrmCodec.Error err) {
            if (err.errno() == Errno.ENOENT || err.errno() == Errno.ESRCH) {
                return Found.ABSENT;
            }
            throw refused(remnant.id().toString(), "GETPOLICY", err);
        }
        if (!(m instanceof XfrmCodec.Policy p)) {
            throw new SaException(remnant.id() + ": GETPOLICY: unexpected answer " + m);
        }
        if (p.templates().size() != 1 || p.templates().get(0).reqid() != MsaMapping.reqid(e)
                || p.templates().get(0).proto() != Xfrm.IPPROTO_ESP) {
            return Found.foreign("its template is not ESP with reqid " + String.format("0x%08x", MsaMapping.reqid(e)));
        }
        if (p.info().priority() != MsaMapping.PRIORITY) {
            return Found.foreign("priority " + p.info().priority() + ", not " + MsaMapping.PRIORITY);
        }
        return Found.OURS;
    }

    /** Releases the channel; the ledger calls it once, after deleting our SAs. */
    @Override
    protected void release() {
        kernel.close();
    }

    private static void expectAck(Msa msa, String what, XfrmCodec.Message m) throws SaException {
        if (m instanceof XfrmCodec.Error err && err.errno() == 0) {
            return;
        }
        if (m instanceof XfrmCodec.Error err) {
            throw refused(msa.id().toString(), what, err);
        }
        throw new SaException(msa.id() + ": " + what + ": unexpected answer " + m);
    }

    /** A refusal with the errno, the kernel's own words and what to do about it. */
    static SaException refused(String what, String request, XfrmCodec.Error err) {
        String hint = switch (err.errno()) {
            case Errno.EPERM, Errno.EACCES -> "; the daemon needs CAP_NET_ADMIN (run as root or grant the capability)";
            case Errno.EEXIST -> "; an SA with this SPI and destination already exists in the kernel";
            case Errno.EPROTONOSUPPORT -> "; the kernel lacks ESP for this address family (modules esp4 / esp6)";
            case Errno.ENOSYS, Errno.ENOENT -> "; the kernel lacks the algorithm (load its crypto module, e.g. gcm,"
                    + " authenc, cbc, aes, sha256)";
            default -> "";
        };
        return new SaException(what + ": XFRM " + request + " refused: " + Errno.name(err.errno()) + " (" + err.errno()
                + ")" + (err.text().isEmpty() ? "" : " '" + err.text() + "'") + hint);
    }
}
