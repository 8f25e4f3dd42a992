package org.miked.sink.xfrm.internal;

import org.miked.kernel.Errno;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.miked.api.sa.Msa;
import org.miked.api.sa.SaCapability;
import org.miked.api.sa.SaEventListener;
import org.miked.api.sa.SaException;
import org.miked.api.sa.SaId;
import org.miked.api.sa.SaSink;
import org.miked.api.sa.IpsecProtocol;
import org.miked.sink.xfrm.wire.Xfrm;
import org.miked.sink.xfrm.wire.XfrmCodec;

/**
 * The host's kernel SAD through XFRM netlink. {@code install} adds the SA (NEWSA, create-exclusive) and
 * the policy that makes the group's traffic use ESP (UPDPOLICY, shared by all SAs of one sender and
 * direction, removed with the last of them); {@code update} replaces an SA in place (UPDSA);
 * {@code delete} removes it (DELSA; an SA the kernel already dropped is not an error); {@code close}
 * deletes everything this sink installed. Expire notifications from the kernel for our SAs go to the
 * listener (a hard expiry means the kernel already deleted the SA).
 *
 * <p>Thread-safe: every kernel request runs under this object's lock.
 */
final class XfrmSink implements SaSink {
    private static final System.Logger LOG = System.getLogger("org.miked.sink.xfrm");
    private static final int REQ = XfrmCodec.NLM_F_REQUEST | XfrmCodec.NLM_F_ACK;

    private final XfrmChannel kernel;
    private final SaEventListener listener;
    private final Set<SaCapability> capabilities;
    private final Map<SaId, Msa> installed = new LinkedHashMap<>();
    private final Map<String, Integer> policyUsers = new HashMap<>();
    private boolean closed;

    XfrmSink(XfrmChannel kernel, SaEventListener listener, Set<SaCapability> capabilities) {
        this.kernel = kernel;
        this.listener = listener;
        this.capabilities = Collections.unmodifiableSet(EnumSet.copyOf(capabilities));
    }

    @Override
    public Set<SaCapability> capabilities() {
        return capabilities;
    }

    private static String policyKey(Msa msa) {
        return MsaMapping.dir(msa) + "|" + msa.source() + "|" + msa.id().destination() + "|" + msa.sourcePort() + "|"
                + msa.destinationPort();
    }

    @Override
    public synchronized void install(Msa msa) throws SaException {
        open();
        if (installed.containsKey(msa.id())) {
            throw new SaException("MSA " + msa.id() + " is already installed: delete it first or use update");
        }
        MsaMapping.Endpoints e = MsaMapping.endpoints(msa);
        checkFamily(msa, e);
        int seq = kernel.nextSeq();
        expectAck(msa, "NEWSA", kernel.request(XfrmCodec.newSa(XfrmCodec.XFRM_MSG_NEWSA,
                REQ | XfrmCodec.NLM_F_CREATE | XfrmCodec.NLM_F_EXCL, seq, MsaMapping.saInfo(msa, e), MsaMapping.algos(msa)),
                seq));
        String pk = policyKey(msa);
        if (!policyUsers.containsKey(pk)) {
            int pseq = kernel.nextSeq();
            try {
                expectAck(msa, "UPDPOLICY", kernel.request(XfrmCodec.newPolicy(XfrmCodec.XFRM_MSG_UPDPOLICY, REQ, pseq,
                        MsaMapping.policy(msa, e), List.of(MsaMapping.template(e))), pseq));
            } catch (SaException ex) {
                deleteSa(msa.id(), e); // nothing stays installed when the policy is refused
                throw ex;
            }
        }
        policyUsers.merge(pk, 1, Integer::sum);
        installed.put(msa.id(), msa);
    }

    @Override
    public synchronized void update(Msa msa) throws SaException {
        open();
        Msa old = installed.get(msa.id());
        if (old == null) {
            throw new SaException("no MSA " + msa.id() + " is installed to update: install it first");
        }
        if (!policyKey(old).equals(policyKey(msa))) {
            throw new SaException(msa.id() + ": an update cannot change the MSA's source, ports or direction");
        }
        MsaMapping.Endpoints e = MsaMapping.endpoints(msa);
        int seq = kernel.nextSeq();
        expectAck(msa, "UPDSA", kernel.request(XfrmCodec.newSa(XfrmCodec.XFRM_MSG_UPDSA, REQ, seq,
                MsaMapping.saInfo(msa, e), MsaMapping.algos(msa)), seq));
        installed.put(msa.id(), msa);
    }

    @Override
    public synchronized void delete(SaId id) throws SaException {
        open();
        Msa msa = installed.get(id);
        if (msa == null) {
            return;
        }
        MsaMapping.Endpoints e = MsaMapping.endpoints(msa);
        deleteSa(id, e);
        installed.remove(id);
        releasePolicy(msa, e);
    }

    private void deleteSa(SaId id, MsaMapping.Endpoints e) throws SaException {
        int seq = kernel.nextSeq();
        XfrmCodec.Message m = kernel.request(XfrmCodec.delSa(REQ, seq, e.dst().getAddress(), id.spi(), e.family(),
                Xfrm.IPPROTO_ESP, e.src().getAddress()), seq);
        if (m instanceof XfrmCodec.Error err && err.errno() != 0 && err.errno() != Errno.ESRCH) {
            throw refused(id.toString(), "DELSA", err);
        }
    }

    private void releasePolicy(Msa msa, MsaMapping.Endpoints e) throws SaException {
        String pk = policyKey(msa);
        int left = policyUsers.merge(pk, -1, Integer::sum);
        if (left > 0) {
            return;
        }
        policyUsers.remove(pk);
        int seq = kernel.nextSeq();
        XfrmCodec.Message m = kernel.request(XfrmCodec.delPolicy(REQ, seq, MsaMapping.selector(msa, e), 0,
                MsaMapping.dir(msa)), seq);
        if (m instanceof XfrmCodec.Error err && err.errno() != 0 && err.errno() != Errno.ENOENT) {
            throw refused(msa.id().toString(), "DELPOLICY", err);
        }
    }

    @Override
    public synchronized List<Msa> list() {
        return new ArrayList<>(installed.values());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        for (SaId id : new ArrayList<>(installed.keySet())) {
            try {
                delete(id);
            } catch (SaException e) {
                LOG.log(System.Logger.Level.WARNING, "closing: could not delete " + id + ": " + e.getMessage());
            }
        }
        closed = true;
        kernel.close();
    }

    /** Called by the channel's reader thread for every expire notification. */
    void onExpire(XfrmCodec.Expire e) {
        SaId id;
        synchronized (this) {
            id = find(e.info());
            if (id == null) {
                return; // not one of ours
            }
            if (e.hard()) {
                Msa msa = installed.remove(id);
                try {
                    releasePolicy(msa, MsaMapping.endpoints(msa));
                } catch (SaException ex) {
                    LOG.log(System.Logger.Level.WARNING, "after hard expiry of " + id + ": " + ex.getMessage());
                }
            }
        }
        listener.expired(id, e.hard());
    }

    private SaId find(Xfrm.SaInfo info) {
        for (Msa m : installed.values()) {
            if (m.id().spi() == info.spi() && m.id().protocol() == IpsecProtocol.ESP) {
                try {
                    byte[] dst = MsaMapping.endpoints(m).dst().getAddress();
                    if (java.util.Arrays.equals(java.util.Arrays.copyOf(dst, 16), info.daddr())) {
                        return m.id();
                    }
                } catch (SaException ex) {
                    // installed MSAs always have valid endpoints
                }
            }
        }
        return null;
    }

    private void open() throws SaException {
        if (closed) {
            throw new SaException("xfrm SA sink is closed");
        }
    }

    private void checkFamily(Msa msa, MsaMapping.Endpoints e) throws SaException {
        SaCapability need = e.family() == Xfrm.AF_INET ? SaCapability.IPV4 : SaCapability.IPV6;
        if (!capabilities.contains(need)) {
            throw new SaException(msa.id() + ": this kernel has no ESP for " + (need == SaCapability.IPV4 ? "IPv4 (module esp4)"
                    : "IPv6 (module esp6)") + ": the sink's probe at open failed for it");
        }
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
