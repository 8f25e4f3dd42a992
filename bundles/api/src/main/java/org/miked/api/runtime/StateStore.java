package org.miked.api.runtime;

import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a host keeps across restarts: small named records, such as a group's revoked receivers or the
 * highest epoch a receiver has held. A record is replaced whole: after {@link #put} returns, a crash leaves
 * the new value; during it, the old or the new one, never a mix. A real host keeps them in files, a
 * simulated host in memory that outlives the host's restart in the simulation.
 */
// implemented by dispatcher bundles (the host's runtime) and test runtimes
@ConsumerType
public interface StateStore {
    /** Keeps nothing: every {@link #get} answers null (a host without a state directory). */
    StateStore NONE = new StateStore() {
        @Override
        public byte[] get(String name) {
            return null;
        }

        @Override
        public void put(String name, byte[] value) {
        }

        @Override
        public boolean durable() {
            return false;
        }
    };

    /**
     * @param name the record's name: 1-128 of {@code [A-Za-z0-9._-]}, not starting with a dot
     * @return the record, or null if there is none (or it cannot be read: the store logs why)
     * @throws IllegalArgumentException if the name is not valid
     */
    byte[] get(String name);

    /**
     * Replaces a record.
     *
     * @param name the record's name (as for {@link #get})
     * @param value the new value, or null to delete the record
     * @throws IOException if it could not be written; the record then holds its old value
     * @throws IllegalArgumentException if the name is not valid
     */
    void put(String name, byte[] value) throws IOException;

    /** @return true if records survive a restart of the host (false for {@link #NONE}) */
    default boolean durable() {
        return true;
    }

    /**
     * @param name a record name
     * @return the name
     * @throws IllegalArgumentException naming what is wrong with it
     */
    static String checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > 128 || name.charAt(0) == '.') {
            throw new IllegalArgumentException("state record name must be 1-128 characters, not starting with '.': "
                    + name);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == '-')) {
                throw new IllegalArgumentException("state record name '" + name + "' has '" + c
                        + "' (allowed: A-Z a-z 0-9 . _ -)");
            }
        }
        return name;
    }
}
