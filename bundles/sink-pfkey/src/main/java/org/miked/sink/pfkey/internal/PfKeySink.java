package org.miked.sink.pfkey.internal;

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
import org.miked.sink.pfkey.wire.PfKey;

/**
 * The host's kernel SAD through PF_KEY v2 (RFC 2367), as the paper installs MSAs: SADB_ADD and one
 * SADB_X_SPDUPDATE (add or replace) per sender and direction (shared by its SAs, removed with the last), SADB_UPDATE,
 * SADB_DELETE (ESRCH tolerated), and SADB_EXPIRE back to the listener. Never SADB_FLUSH: that would delete
 * other daemons' SAs. Thread-safe.
 */
final class PfKeySink implements SaSink {
    private static final System.Logger LOG = System.getLogger("org.miked.sink.pfkey");
    private final PfKeyChannel kernel;
    private final SaEventListener listener;
    private final Set<SaCapability> capabilities;
    private final Set<Integer> kernelEncrypt;
    private final Set<Integer> kernelAuth;
    private final Map<SaId, Msa> installed = new LinkedHashMap<>();
    private final Map<String, Integer> policyUsers = new HashMap<>();
    private boolean closed;

    /**
     * @param kernel the PF_KEY socket
     * @param listener expiry events
     * @param capabilities what the sink reports
     * @param kernelEncrypt encryption algorithm ids the kernel listed at SADB_REGISTER (empty: not checked)
     * @param kernelAuth authentication algorithm ids it listed (empty: not checked)
     */
    PfKeySink(PfKeyChannel kernel, SaEventListener listener, Set<SaCapability> capabilities, Set<Integer> kernelEncrypt,
            Set<Integer> kernelAuth) {
        this.kernel = kernel;
        this.listener = listener;
        this.capabilities = Collections.unmodifiableSet(EnumSet.copyOf(capabilities));
        this.kernelEncrypt = Set.copyOf(kernelEncrypt);
        this.kernelAuth = Set.copyOf(kernelAuth);
    }

    /** Refuses, before asking the kernel, an algorithm its SADB_REGISTER answer did not list. */
    private void checkOffered(Msa msa) throws SaException {
        int[] alg = PfKeyMapping.algorithms(msa);
        if (!kernelEncrypt.isEmpty() && !kernelEncrypt.contains(alg[0])) {
            throw new SaException(msa.id() + ": the kernel's PF_KEY does not offer " + msa.encryption() + " (SADB id "
                    + alg[0] + "; it offers " + new java.util.TreeSet<>(kernelEncrypt) + ")"
                    + (msa.encryption().startsWith("rfc4") ? ": Linux's af_key has no AEADs at all; use cbc(aes) with an"
                            + " HMAC, or the xfrm sink" : ""));
        }
        if (alg[1] != PfKey.SADB_AALG_NONE && !kernelAuth.isEmpty() && !kernelAuth.contains(alg[1])) {
            throw new SaException(msa.id() + ": the kernel's PF_KEY does not offer " + msa.integrity() + " (SADB id "
                    + alg[1] + "; it offers " + new java.util.TreeSet<>(kernelAuth) + ")");
        }
    }

    @Override
    public Set<SaCapability> capabilities() {
        return capabilities;
    }

    private static String policyKey(Msa m) {
        return PfKeyMapping.dir(m) + "|" + m.source() + "|" + m.id().destination() + "|" + m.sourcePort() + "|"
                + m.destinationPort();
    }

    @Override
    public synchronized void install(Msa msa) throws SaException {
        open();
        if (installed.containsKey(msa.id())) {
            throw new SaException("MSA " + msa.id() + " is already installed: delete it first or use update");
        }
        checkOffered(msa);
        expectOk(msa.id(), kernel.request(PfKeyMapping.addOrUpdate(PfKey.SADB_ADD, kernel.nextSeq(), kernel.pid(), msa)));
        String pk = policyKey(msa);
        if (!policyUsers.containsKey(pk)) {
            try {
                // SPDUPDATE, not SPDADD: a policy left behind by a killed incarnation of this daemon is replaced
                // instead of refused with EEXIST (found by kernel-e2e's restart phase)
                expectOk(msa.id(), kernel.request(PfKeyMapping.spd(PfKey.SADB_X_SPDUPDATE, kernel.nextSeq(), kernel.pid(),
                        msa)));
            } catch (SaException e) {
                kernel.request(PfKeyMapping.delete(kernel.nextSeq(), kernel.pid(), msa));
                throw e;
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
        expectOk(msa.id(), kernel.request(PfKeyMapping.addOrUpdate(PfKey.SADB_UPDATE, kernel.nextSeq(), kernel.pid(),
                msa)));
        installed.put(msa.id(), msa);
    }

    @Override
    public synchronized void delete(SaId id) throws SaException {
        open();
        Msa msa = installed.get(id);
        if (msa == null) {
            return;
        }
        PfKey.Message r = kernel.request(PfKeyMapping.delete(kernel.nextSeq(), kernel.pid(), msa));
        if (r.errno() != 0 && r.errno() != Errno.ESRCH) {
            throw refused(id, r);
        }
        installed.remove(id);
        releasePolicy(msa);
    }

    private void releasePolicy(Msa msa) throws SaException {
        String pk = policyKey(msa);
        if (policyUsers.merge(pk, -1, Integer::sum) > 0) {
            return;
        }
        policyUsers.remove(pk);
        PfKey.Message r = kernel.request(PfKeyMapping.spd(PfKey.SADB_X_SPDDELETE, kernel.nextSeq(), kernel.pid(), msa));
        if (r.errno() != 0 && r.errno() != Errno.ENOENT) {
            throw refused(msa.id(), r);
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

    /** SADB_EXPIRE from the kernel: hard if it carries a hard lifetime. */
    void onExpire(PfKey.Message m) {
        PfKey.Sa sa = m.ext(PfKey.Sa.class, PfKey.EXT_SA);
        PfKey.Address dst = m.ext(PfKey.Address.class, PfKey.EXT_ADDRESS_DST);
        if (sa == null || dst == null) {
            return;
        }
        boolean hard = m.ext(PfKey.Lifetime.class, PfKey.EXT_LIFETIME_HARD) != null;
        SaId id = null;
        synchronized (this) {
            for (Msa msa : installed.values()) {
                try {
                    if (msa.id().spi() == sa.spi()
                            && java.util.Arrays.equals(PfKeyMapping.endpoints(msa).dst().getAddress(), dst.addr())) {
                        id = msa.id();
                    }
                } catch (SaException e) {
                    // installed MSAs have valid endpoints
                }
            }
            if (id == null) {
                return;
            }
            if (hard) {
                Msa gone = installed.remove(id);
                try {
                    releasePolicy(gone);
                } catch (SaException e) {
                    LOG.log(System.Logger.Level.WARNING, "after hard expiry of " + id + ": " + e.getMessage());
                }
            }
        }
        listener.expired(id, hard);
    }

    private void open() throws SaException {
        if (closed) {
            throw new SaException("pfkey SA sink is closed");
        }
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
