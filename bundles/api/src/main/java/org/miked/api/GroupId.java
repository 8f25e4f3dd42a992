package org.miked.api;

import java.util.Objects;

/**
 * Name of a multicast group under key management, e.g. {@code "trial"}.
 * 1 to 64 characters of {@code [A-Za-z0-9._-]}, so it fits wire headers and shell arguments.
 *
 * @param name the group name
 */
public record GroupId(String name) implements Comparable<GroupId> {
    public GroupId {
        Objects.requireNonNull(name, "group name");
        if (!Names.valid(name, false)) {
            throw new IllegalArgumentException("group name must be 1-64 characters of [A-Za-z0-9._-]: '" + name + "'");
        }
    }

    public static GroupId of(String name) {
        return new GroupId(name);
    }

    @Override
    public int compareTo(GroupId o) {
        return name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
