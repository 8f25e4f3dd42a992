package org.miked.gmf.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplayWindowTest {
    @Test
    void acceptsEachOnceWithinWindowAndNothingOlder() {
        ReplayWindow w = new ReplayWindow();
        assertThat(w.accept(100)).isTrue();
        assertThat(w.accept(100)).isFalse();
        assertThat(w.accept(98)).isTrue();
        assertThat(w.accept(98)).isFalse();
        assertThat(w.accept(164)).isTrue();
        assertThat(w.accept(100)).isFalse(); // left the window
        assertThat(w.accept(101)).isTrue(); // just inside
        assertThat(w.accept(1000)).isTrue();
        assertThat(w.accept(999)).isTrue();
        assertThat(w.accept(936)).isFalse();
    }

    @Test
    void comparesUnsigned() {
        ReplayWindow w = new ReplayWindow();
        assertThat(w.accept(Long.MAX_VALUE)).isTrue();
        assertThat(w.accept(Long.MIN_VALUE)).isTrue(); // 2^63 is newer, not negative
        assertThat(w.accept(Long.MAX_VALUE)).isFalse();
    }
}
