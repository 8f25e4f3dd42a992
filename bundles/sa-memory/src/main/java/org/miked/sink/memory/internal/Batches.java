package org.miked.sink.memory.internal;

import java.util.List;
import java.util.Objects;
import org.miked.api.sa.Msa;
import org.miked.api.sa.SaException;
import org.miked.api.sa.SaId;

/**
 * The MSAs one {@link MemorySink#installAll} took as a unit ({@link Batch}) and the lookup order of a list of
 * MSAs ({@link Order}), built once per list object and process: a simulated receiver's epoch is a reference
 * to the list every receiver of its process shares, a time and a soft-lifetime bit per MSA.
 */
final class Batches {
    private Batches() {
    }

    /** MSAs installed by one {@link MemorySink#installAll}: the caller's list, its lookup order, when, soft bits. */
    static final class Batch {
        final Order order;
        final long addedAt;
        /** Install order, shared with single entries ({@link MemorySink#outboundFor}). */
        final long seq;
        long softDone;

        Batch(Order order, long addedAt, long seq) {
            this.order = order;
            this.addedAt = addedAt;
            this.seq = seq;
        }

        List<Msa> msas() {
            return order.msas;
        }

        long due(int i) {
            Msa msa = order.msas.get(i);
            long soft = msa.softLifetimeS();
            long hard = msa.hardLifetimeS();
            if ((softDone & (1L << i)) == 0 && soft > 0) {
                return addedAt + soft * 1000;
            }
            return hard > 0 ? addedAt + hard * 1000 : Long.MAX_VALUE;
        }

        long due() {
            long d = Long.MAX_VALUE;
            for (int i = 0; i < order.msas.size(); i++) {
                d = Math.min(d, due(i));
            }
            return d;
        }

        /** @return true if some MSA's hard lifetime is over */
        boolean hardDue(long now) {
            for (Msa m : order.msas) {
                if (m.hardLifetimeS() > 0 && addedAt + m.hardLifetimeS() * 1000 <= now) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * A list of MSAs that passed {@link MemorySink#check} and has no id twice, with its SPIs sorted for lookups: each
     * key is {@code unsigned SPI << 8 | index}. Immutable; built once per list object and process.
     */
    static final class Order {
        final List<Msa> msas;
        final long[] keys;

        Order(List<Msa> msas, long[] keys) {
            this.msas = msas;
            this.keys = keys;
        }

        /** @return the index of the MSA with this id, or -1 */
        int indexOf(SaId id) {
            long spi = id.spi() & 0xffffffffL;
            int i = java.util.Arrays.binarySearch(keys, spi << 8);
            for (int k = i >= 0 ? i : -i - 1; k < keys.length && keys[k] >>> 8 == spi; k++) {
                int idx = (int) (keys[k] & 0xff);
                if (msas.get(idx).id().equals(id)) {
                    return idx;
                }
            }
            return -1;
        }

        /** @return an MSA of this list whose id the other list has too, or null */
        Msa overlap(Order other) {
            long[] a = keys;
            long[] b = other.keys;
            int i = 0;
            int j = 0;
            while (i < a.length && j < b.length) {
                long sa = a[i] >>> 8;
                long sb = b[j] >>> 8;
                if (sa < sb) {
                    i++;
                } else if (sb < sa) {
                    j++;
                } else {
                    Msa m = msas.get((int) (a[i] & 0xff));
                    if (other.indexOf(m.id()) >= 0) {
                        return m;
                    }
                    i++;
                }
            }
            return null;
        }
    }

    /** Orders built lately, process-wide, by list identity (a lost slot only means building it again). */
    private static final Order[] ORDERS = new Order[256];

    static Order orderOf(List<Msa> msas) throws SaException {
        int slot = (System.identityHashCode(msas) & 0x7fffffff) % ORDERS.length;
        Order o = ORDERS[slot];
        if (o != null && o.msas == msas) {
            return o;
        }
        long[] keys = new long[msas.size()];
        for (int i = 0; i < keys.length; i++) {
            Msa m = Objects.requireNonNull(msas.get(i), "msa");
            if (!MemorySink.validatedBefore(m)) {
                try {
                    MemorySink.check(m);
                } catch (SaException e) {
                    throw new SaException(m + ": " + e.getMessage());
                }
            }
            keys[i] = ((m.id().spi() & 0xffffffffL) << 8) | i;
        }
        java.util.Arrays.sort(keys);
        o = new Order(msas, keys);
        for (int k = 1; k < keys.length; k++) {
            SaId id = msas.get((int) (keys[k] & 0xff)).id();
            for (int j = k - 1; j >= 0 && keys[j] >>> 8 == keys[k] >>> 8; j--) {
                if (msas.get((int) (keys[j] & 0xff)).id().equals(id)) {
                    throw new SaException(msas.get((int) (keys[k] & 0xff)) + ": MSA " + id + " is listed twice in one install");
                }
            }
        }
        ORDERS[slot] = o;
        return o;
    }
}
