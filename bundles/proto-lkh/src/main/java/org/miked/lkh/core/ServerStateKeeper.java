package org.miked.lkh.core;

import java.io.IOException;
import java.util.List;
import org.miked.api.protocol.KeyServerContext;
import org.miked.api.runtime.StateStore;
import org.miked.lkh.state.ServerState;
import org.miked.lkh.state.ServerStateCodec;
import org.miked.lkh.state.StateDamage;
import org.miked.lkh.state.StateSealer;

/**
 * Keeps one key server's tree across a crash (issue 11) in the host's {@link StateStore}, record
 * {@code lkh.<group>}: reads and checks it when the session opens, and writes it at a batch that changed the
 * tree or its receivers, or when the reserved rekey sequences run out: at most one write per batch, taken
 * before the batch's packets leave (a receiver never holds a key the record lacks). Sequences are reserved
 * {@value #SEQ_BLOCK} ahead, like the GMF's envelope sequence: a batch that changed nothing writes nothing,
 * and a restarted server continues above the reserve, so no receiver sees a sequence go back even when the
 * last writes failed.
 *
 * <pre>
 *  open:  store.get --&gt; StateSealer.open --&gt; ServerStateCodec.decode --&gt; degree check --&gt; ServerState
 *           any step fails: one log line naming the record and the damage, lkh.state.rejected.&lt;kind&gt;,
 *           the record kept as lkh.&lt;group&gt;.damaged, a fresh tree (its receivers register again)
 *  batch: changed or seq &gt; reserved? --&gt; snapshot --&gt; encode --&gt; seal --&gt; store.put (atomic, fsync'd)
 * </pre>
 *
 * Inactive (nothing read or written, the old behaviour) on a host whose store keeps nothing, or without a
 * signing key to seal under.
 */
final class ServerStateKeeper {
    /** Rekey sequences reserved by each write. */
    static final long SEQ_BLOCK = 1024;

    private final KeyServerContext ctx;
    private final StateStore store;
    private final String name;
    private final StateSealer sealer;
    /** The reserve the store holds: every sequence used so far is at most this. */
    private long reserved = -1;
    private boolean dirty;

    ServerStateKeeper(KeyServerContext ctx) {
        this.ctx = ctx;
        this.store = ctx.runtime().stateStore();
        this.name = "lkh." + ctx.policy().group().name();
        byte[] signing = ctx.policy().credentials().signingKey();
        if (!store.durable()) {
            sealer = null;
        } else if (signing.length == 0) {
            sealer = null;
            ctx.log("lkh server: no signing key in the policy to seal state record " + name
                    + " under: this key server's tree does not survive a restart");
        } else {
            sealer = new StateSealer(ctx.policy().group(), ctx.runtime().self(), signing, ctx.runtime().random());
        }
    }

    /** @return true if the tree is kept across restarts */
    boolean active() {
        return sealer != null;
    }

    /** @return the record's name */
    String name() {
        return name;
    }

    /**
     * @param degree the session's tree degree
     * @return the state kept by an earlier incarnation, or null (none, not kept, or damaged: then logged and
     *     counted)
     */
    ServerState load(int degree) {
        if (!active()) {
            return null;
        }
        byte[] record = store.get(name);
        if (record == null) {
            return null;
        }
        try {
            ServerState s = ServerStateCodec.decode(sealer.open(record));
            if (s.degree() != degree) {
                throw new StateDamage(StateDamage.Kind.MISMATCH, "a tree of degree " + s.degree()
                        + ", the policy's lkh.degree is " + degree);
            }
            reserved = s.seqReserved();
            ctx.count("lkh.state.restored");
            ctx.log("lkh server: restored " + s.receivers().size() + " receivers from state record " + name
                    + " (seq " + s.seq() + ", epoch " + s.epoch() + "); continuing above seq " + reserved);
            return s;
        } catch (StateDamage d) {
            ctx.count("lkh.state.rejected." + d.kind().counter());
            ctx.log("lkh server: state record " + name + " rejected (" + d.kind().counter() + "): " + d.getMessage()
                    + "; starting a fresh tree, its receivers register again");
            try {
                store.put(name + ".damaged", record);
            } catch (IOException | RuntimeException e) {
                ctx.log("lkh server: cannot keep the damaged record as " + name + ".damaged: " + e.getMessage());
            }
            return null;
        }
    }

    /**
     * @param changed the batch changed the tree or its receivers
     * @param seq the batch's sequence
     * @return true if this batch must write the record
     */
    boolean due(boolean changed, long seq) {
        return active() && (changed || dirty || seq > reserved);
    }

    /**
     * Writes the record (the caller checked {@link #due}). A failed write is logged and counted; the next
     * batch writes again.
     */
    void save(KeyTree tree, long seq, long epoch, List<ServerState.Receiver> receivers) {
        long reserve = seq + SEQ_BLOCK;
        byte[] record = sealer.seal(ServerStateCodec.encode(snapshot(tree, seq, reserve, epoch, receivers)));
        try {
            store.put(name, record);
            reserved = reserve;
            dirty = false;
            ctx.count("lkh.state.written");
        } catch (IOException | RuntimeException e) {
            dirty = true;
            ctx.count("lkh.state.write-failed");
            ctx.log("lkh server: cannot write state record " + name + " (" + record.length + " bytes): "
                    + e.getMessage() + "; a restart now would lose this batch");
        }
    }

    /** @return the tree and receivers as a record's content (every interior node that holds a key) */
    static ServerState snapshot(KeyTree tree, long seq, long reserve, long epoch,
            List<ServerState.Receiver> receivers) {
        int n = 0;
        for (int l = 1; l <= tree.height(); l++) {
            for (int i = 0, w = tree.width(l); i < w; i++) {
                if (tree.hasKey(Nodes.id(l, i))) {
                    n++;
                }
            }
        }
        int[] ids = new int[n];
        long[] versions = new long[n];
        byte[] keys = new byte[n * KeyTree.KEY_LEN];
        int k = 0;
        for (int l = 1; l <= tree.height(); l++) {
            for (int i = 0, w = tree.width(l); i < w; i++) {
                int id = Nodes.id(l, i);
                if (tree.hasKey(id)) {
                    ids[k] = id;
                    versions[k] = tree.version(id);
                    tree.keyInto(id, keys, k * KeyTree.KEY_LEN);
                    k++;
                }
            }
        }
        return new ServerState(tree.degree(), tree.height(), seq, reserve, epoch, tree.nextSlot(), receivers, ids,
                versions, keys);
    }

    /** Puts a record's tree into an empty one: shape, leaves (counted along their paths), interior keys, slots. */
    static void restoreTree(KeyTree tree, ServerState s) {
        tree.growTo(s.height());
        for (ServerState.Receiver r : s.receivers()) {
            tree.addMember(r.leaf(), r.leafKey(), r.leafVersion(), r.emcon());
        }
        for (int i = 0; i < s.nodeIds().length; i++) {
            tree.setKey(s.nodeIds()[i], java.util.Arrays.copyOfRange(s.nodeKeys(), i * KeyTree.KEY_LEN,
                    (i + 1) * KeyTree.KEY_LEN), s.nodeVersions()[i]);
        }
        tree.restoreSlots(s.nextSlot());
    }
}
