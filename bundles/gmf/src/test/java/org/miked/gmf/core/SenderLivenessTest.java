package org.miked.gmf.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.protocol.EpochKey;

/** The sender bookkeeping the agreement coordinator relies on: liveness and the first epoch of a run. */
class SenderLivenessTest {
    private static final MemberId A = MemberId.of("s01");
    private static final MemberId B = MemberId.of("s02");
    private static final MemberId C = MemberId.of("s03");

    @Test
    void theLowestLiveIdCoordinatesAndSilenceCountsFromTheLastHeardMessage() {
        SenderLiveness l = new SenderLiveness();
        l.reset(List.of(C, B), A);
        assertThat(l.coordinator()).isEqualTo(A);
        assertThat(l.members()).containsExactly(A, B, C);
        l.heard(B, 1_000);
        l.heard(C, 15_000);
        // never heard counts as heard now; self is never silent
        assertThat(l.silent(A, 21_000)).isEmpty();
        assertThat(l.silent(A, 21_001)).containsExactly(B);
        assertThat(l.isSilent(C, 35_000)).isFalse();
        assertThat(l.isSilent(C, 35_001)).isTrue();
        assertThat(l.remove(A)).isTrue();
        assertThat(l.coordinator()).isEqualTo(B);
        l.agreedAmong(List.of(B), 40_000);
        assertThat(l.members()).containsExactly(B);
        assertThat(l.remove(B)).isTrue();
        l.keepSelf(A);
        assertThat(l.members()).containsExactly(A);
    }

    @Test
    void aNewRunStartsAfterEveryEpochSeenAndAFreshHostStartsFromItsClock() {
        EpochChain chain = new EpochChain(GroupId.of("g"));
        assertThat(chain.nextBase(null, 5_000_000)).isEqualTo(5_000_000);
        assertThat(chain.nextBase(null, 0)).isEqualTo(1);
        assertThat(chain.nextBase(new EpochKey(41, new byte[32]), 5_000_000)).isEqualTo(42);
        chain.seen(99);
        assertThat(chain.nextBase(new EpochKey(41, new byte[32]), 5_000_000)).isEqualTo(100);
        assertThat(chain.hasSecret()).isFalse();
        chain.agreed(new byte[32]);
        assertThat(chain.derive(7).key()).isEqualTo(EpochKeys.derive(new byte[32], GroupId.of("g"), 7).key());
        chain.forget();
        assertThat(chain.hasSecret()).isFalse();
    }
}
