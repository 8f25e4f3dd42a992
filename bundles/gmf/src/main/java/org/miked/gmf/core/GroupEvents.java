package org.miked.gmf.core;

/** Where a group's parts report what they did: the group's counters and its log lines. */
interface GroupEvents {
    /** @param counter counts one event in the group's counters */
    void count(String counter);

    /** @param line one log line about the group */
    void log(String line);
}
