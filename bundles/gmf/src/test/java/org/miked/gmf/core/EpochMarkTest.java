package org.miked.gmf.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.miked.api.GroupId;
import org.miked.common.state.MemoryStateStore;

/**
 * Issue 10, finding 11: "epochs start from the clock, so a clock stepped back before a key-server restart
 * makes receivers ignore the new epochs". The highest epoch held survives the restart in the state store,
 * and a restarted sender's next run starts above it whatever its clock says.
 */
class EpochMarkTest {
    final List<String> log = new ArrayList<>();
    final GroupEvents events = new GroupEvents() {
        @Override
        public void count(String counter) {
            log.add("count " + counter);
        }

        @Override
        public void log(String line) {
            log.add(line);
        }
    };

    @Test
    void aSenderRestartedWithItsClockSteppedBackStartsAboveTheEpochItHeld() {
        MemoryStateStore disk = new MemoryStateStore();
        GroupId g = GroupId.of("lab");
        EpochMark before = new EpochMark(disk, g, events);
        before.hold(1_733_000_000_123L); // an epoch from the clock before the restart
        before.hold(1_733_000_000_100L); // lower: ignored
        // the restart: a new mark and chain; the clock now reads a day earlier
        long steppedBack = 1_732_913_600_000L;
        EpochMark after = new EpochMark(disk, g, events);
        assertThat(after.held()).isEqualTo(1_733_000_000_123L);
        EpochChain chain = new EpochChain(g);
        assertThat(chain.nextBase(null, steppedBack)).as("without the mark: the clock").isEqualTo(steppedBack);
        chain.seen(after.held());
        assertThat(chain.nextBase(null, steppedBack)).isEqualTo(1_733_000_000_124L);
    }

    @Test
    void anUnreadableRecordCountsAsNoneAndSaysSo() throws Exception {
        MemoryStateStore disk = new MemoryStateStore();
        disk.put("epoch.lab", "not a number".getBytes(StandardCharsets.US_ASCII));
        assertThat(new EpochMark(disk, GroupId.of("lab"), events).held()).isEqualTo(-1);
        assertThat(log).anyMatch(l -> l.contains("epoch.lab is not an epoch number"));
    }
}
