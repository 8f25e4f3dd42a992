package org.miked.lkh.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.miked.api.runtime.CryptoMemo;
import org.miked.common.crypto.KeyWrap;
import org.miked.lkh.wire.KeyMessage;
import org.miked.lkh.wire.WrapEntry;

/**
 * A receiver's keys: its leaf (individual) key, the node keys on its path with their versions, and the
 * current epoch key. Applies key messages atomically: every wrap the receiver can open with a key it holds
 * (or derived earlier in the same message) is opened in tree order; if any of them fails its integrity
 * check nothing of the message is kept.
 */
public final class ClientKeys {
    /** Outcome of applying a key message. */
    public enum Outcome {
        /** The message was no newer than what we hold: nothing to do. */
        CURRENT,
        /** We now hold the message's epoch key (and every path key it changed). */
        CAUGHT_UP,
        /** The message is newer but we could not reach its epoch key from the keys we hold. */
        BEHIND,
        /** A wrap tagged with a key we hold failed to unwrap: forged or corrupted; nothing kept. */
        FORGED
    }

    private record Held(long version, byte[] key) {
    }

    private final int d;
    private byte[] leafKey;
    private int leaf = -1;
    private long leafVersion = -1;
    private final Map<Integer, Held> nodes = new HashMap<>();
    private long epoch = -1;
    private long seq = -1;
    private byte[] epochKey;
    private boolean epochChanged;
    /** Keys of earlier epochs the last message that caught up carried (issue 12), epoch and key. */
    private List<org.miked.api.protocol.EpochKey> past = List.of();

    /** @param degree the tree's degree */
    public ClientKeys(int degree) {
        this(degree, CryptoMemo.NONE);
    }

    /**
     * @param degree the tree's degree
     * @param memo where the host shares pure results (a simulated network: the 4,000 receivers below a root
     *     unwrap the same epoch wrap under the same key once; a real host unwraps every time)
     */
    public ClientKeys(int degree, CryptoMemo memo) {
        this.d = degree;
        this.memo = java.util.Objects.requireNonNull(memo, "memo");
    }

    private final CryptoMemo memo;

    /** What a shared unwrap is remembered under, with the key-encryption key (compared byte for byte). */
    private record Unwrap(byte[] wrapped) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Unwrap u && Arrays.equals(u.wrapped, wrapped);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(wrapped);
        }
    }

    /** A failed unwrap, as the memo remembers it. */
    private static final byte[] FAILED = new byte[0];

    /** @return the unwrapped key, this receiver's own copy (keys are wiped in place on leave) */
    private byte[] unwrap(byte[] kek, byte[] wrapped) throws InvalidCipherTextException {
        if (memo == CryptoMemo.NONE) {
            return KeyWrap.unwrap(kek, wrapped);
        }
        byte[] k = memo.derive(kek, new Unwrap(wrapped), () -> {
            try {
                return KeyWrap.unwrap(kek, wrapped);
            } catch (InvalidCipherTextException e) {
                return FAILED;
            }
        });
        if (k == FAILED) {
            throw new InvalidCipherTextException("integrity check of the wrapped key failed");
        }
        return k.clone();
    }

    /**
     * Sets the leaf key. With {@code leaf < 0} (EMCON) the receiver finds its leaf later, as the one whose
     * wraps open under this key.
     */
    public void setLeaf(int leafIndex, long version, byte[] key) {
        this.leaf = leafIndex;
        this.leafVersion = version;
        this.leafKey = key.clone();
    }

    /** @return leaf index, or -1 while unknown */
    public int leaf() {
        return leaf;
    }

    public long leafVersion() {
        return leafVersion;
    }

    public long epoch() {
        return epoch;
    }

    public long seq() {
        return seq;
    }

    /** @return true if it holds an epoch key */
    public boolean hasEpochKey() {
        return epochKey != null;
    }

    /** @return the current epoch key, or null */
    public byte[] epochKey() {
        return epochKey == null ? null : epochKey.clone();
    }

    /** @return true if the last CAUGHT_UP brought a new epoch key */
    public boolean epochChanged() {
        return epochChanged;
    }

    /** @return the keys of earlier epochs the last message that caught up carried (its server's past epoch keys) */
    public List<org.miked.api.protocol.EpochKey> pastEpochs() {
        return past;
    }

    /** @return true if a message with this epoch and sequence is newer than what we hold */
    public boolean isNewer(long e, long s) {
        return e > epoch || (e == epoch && s > seq);
    }

    /** @return true if a message with this epoch and sequence is older than what we hold */
    public boolean isStale(long e, long s) {
        return e < epoch || (e == epoch && s < seq);
    }

    /**
     * @param m a decoded key message (its origin already checked)
     * @return the outcome; state changes only on CAUGHT_UP or BEHIND
     */
    public Outcome apply(KeyMessage m) {
        epochChanged = false;
        past = List.of();
        boolean newer = isNewer(m.epoch(), m.seq());
        if (!newer && leaf >= 0) {
            return Outcome.CURRENT;
        }
        List<WrapEntry> es = m.entries();
        if (!inOrder(es)) {
            // a key server packs in this order already; only a hand-made message needs the sort
            es = new ArrayList<>(es);
            es.sort(Packer.ORDER);
        }
        Map<Integer, Held> staged = new HashMap<>();
        int myLeaf = leaf;
        long myLeafVersion = leafVersion;
        byte[] newEpoch = null;
        List<org.miked.api.protocol.EpochKey> earlier = null;
        try {
            for (WrapEntry e : es) {
                int kek = e.kekNode();
                if (myLeaf < 0) {
                    if (e.kind() != WrapEntry.Kind.PARENT || Nodes.level(kek) != 0 || leafKey == null) {
                        continue;
                    }
                    byte[] k = tryUnwrap(leafKey, e.wrapped());
                    if (k == null) {
                        continue;
                    }
                    myLeaf = Nodes.index(kek);
                    myLeafVersion = e.kekVersion();
                    staged.put(Nodes.parent(kek, d), new Held(e.newVersion(), k));
                    continue;
                }
                if (e.kind() == WrapEntry.Kind.INDIVIDUAL || !Nodes.covers(kek, myLeaf, d)) {
                    continue;
                }
                byte[] kekKey = lookup(kek, e.kekVersion(), staged, myLeaf, myLeafVersion);
                if (kekKey == null) {
                    continue;
                }
                if (e.kind() == WrapEntry.Kind.EPOCH) {
                    if (newer) {
                        byte[] k = unwrap(kekKey, e.wrapped());
                        if (k.length != 32) {
                            throw new InvalidCipherTextException("epoch key of " + k.length + " bytes");
                        }
                        if (e.newVersion() == 0) {
                            newEpoch = k;
                        } else if (e.newVersion() < m.epoch()) {
                            if (earlier == null) {
                                earlier = new ArrayList<>(4);
                            }
                            earlier.add(new org.miked.api.protocol.EpochKey(m.epoch() - e.newVersion(), k));
                        }
                    }
                    continue;
                }
                int target = e.kind() == WrapEntry.Kind.PARENT ? Nodes.parent(kek, d) : kek;
                if (e.kind() == WrapEntry.Kind.SELF && Nodes.level(kek) == 0) {
                    continue;
                }
                if (version(target, staged) >= e.newVersion()) {
                    continue;
                }
                byte[] k = unwrap(kekKey, e.wrapped());
                if (k.length != KeyTree.KEY_LEN) {
                    throw new InvalidCipherTextException("node key of " + k.length + " bytes");
                }
                staged.put(target, new Held(e.newVersion(), k));
            }
        } catch (InvalidCipherTextException ex) {
            return Outcome.FORGED;
        }
        if (myLeaf >= 0 && leaf < 0) {
            leaf = myLeaf;
            leafVersion = myLeafVersion;
        }
        for (var s : staged.entrySet()) {
            Held old = nodes.get(s.getKey());
            if (old == null || old.version() < s.getValue().version()) {
                nodes.put(s.getKey(), s.getValue());
            }
        }
        if (newEpoch == null) {
            return newer ? Outcome.BEHIND : Outcome.CURRENT;
        }
        epochChanged = m.epoch() != epoch || !Arrays.equals(newEpoch, epochKey);
        past = earlier == null ? List.of() : List.copyOf(earlier);
        epoch = m.epoch();
        seq = m.seq();
        epochKey = newEpoch;
        return Outcome.CAUGHT_UP;
    }

    private static boolean inOrder(List<WrapEntry> es) {
        for (int i = 1; i < es.size(); i++) {
            if (Packer.ORDER.compare(es.get(i - 1), es.get(i)) > 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] tryUnwrap(byte[] kek, byte[] wrapped) {
        try {
            return KeyWrap.unwrap(kek, wrapped);
        } catch (InvalidCipherTextException e) {
            return null;
        }
    }

    private long version(int node, Map<Integer, Held> staged) {
        Held h = staged.get(node);
        if (h == null) {
            h = nodes.get(node);
        }
        return h == null ? -1 : h.version();
    }

    private byte[] lookup(int node, long version, Map<Integer, Held> staged, int myLeaf, long myLeafVersion) {
        if (Nodes.level(node) == 0) {
            return node == Nodes.id(0, myLeaf) && version == myLeafVersion ? leafKey : null;
        }
        Held h = staged.get(node);
        if (h != null && h.version() == version) {
            return h.key();
        }
        h = nodes.get(node);
        return h != null && h.version() == version ? h.key() : null;
    }

    /**
     * @return every key this receiver holds now, named {@code leaf}, {@code level/index vN} and
     *     {@code epoch N} (for secrecy tests)
     */
    public Map<String, byte[]> snapshot() {
        Map<String, byte[]> out = new HashMap<>();
        if (leafKey != null) {
            out.put("leaf " + leaf + " v" + leafVersion, leafKey.clone());
        }
        nodes.forEach((n, h) -> out.put(Nodes.name(n) + " v" + h.version(), h.key().clone()));
        if (epochKey != null) {
            out.put("epoch " + epoch, epochKey.clone());
        }
        return out;
    }

    /** Overwrites and forgets every key. */
    /**
     * The key server restarted (its rekey sequence began again under a newer GMF epoch): its tree is new,
     * so forget the leaf position and every node key, keeping the leaf key (an EMCON receiver finds its new
     * leaf by the wraps that open under it) and the epoch (older epochs stay stale).
     */
    public void forgetTree() {
        nodes.values().forEach(h -> Arrays.fill(h.key(), (byte) 0));
        nodes.clear();
        leaf = -1;
        leafVersion = -1;
        seq = -1;
    }

    public void wipe() {
        if (leafKey != null) {
            Arrays.fill(leafKey, (byte) 0);
        }
        nodes.values().forEach(h -> Arrays.fill(h.key(), (byte) 0));
        nodes.clear();
        if (epochKey != null) {
            Arrays.fill(epochKey, (byte) 0);
        }
        leafKey = null;
        epochKey = null;
        leaf = -1;
        leafVersion = -1;
        epoch = -1;
        seq = -1;
    }
}
