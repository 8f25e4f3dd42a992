package org.miked.gmf.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.miked.common.state.MemoryStateStore;

/** Issue 11: envelope sequence numbers stay above an earlier incarnation's when the clock went back. */
class SequenceReserveTest {
    final List<String> problems = new ArrayList<>();

    @Test
    void aRestartWithTheClockSteppedBackContinuesAboveEveryNumberHandedOut() {
        MemoryStateStore disk = new MemoryStateStore();
        long t = 7_200_000;
        SequenceReserve first = new SequenceReserve(disk, t, problems::add);
        long last = 0;
        for (long i = 0; i < SequenceReserve.BLOCK + 10; i++) { // crosses into a second block
            last = first.next();
        }
        assertThat(last).isEqualTo((t << 20) + SequenceReserve.BLOCK + 10);
        SequenceReserve after = new SequenceReserve(disk, t - 3_600_000, problems::add);
        assertThat(after.next()).isGreaterThan(last);
        assertThat(new SequenceReserve(new MemoryStateStore(), t - 3_600_000, problems::add).next())
                .as("without the record: the clock").isLessThan(last);
        assertThat(problems).isEmpty();
    }

    @Test
    void aLaterClockStillWinsAndAnUnreadableRecordCountsAsNone() throws Exception {
        MemoryStateStore disk = new MemoryStateStore();
        new SequenceReserve(disk, 1_000, problems::add).next();
        assertThat(new SequenceReserve(disk, 9_000, problems::add).next()).isEqualTo((9_000L << 20) + 1);
        disk.put(SequenceReserve.RECORD, "x".getBytes(StandardCharsets.US_ASCII));
        assertThat(new SequenceReserve(disk, 5, problems::add).next()).isEqualTo((5L << 20) + 1);
        assertThat(problems).anyMatch(p -> p.contains("is not a sequence number"));
    }
}
