package org.miked.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void alignsColumnsAndSaysNoneWhenEmpty() {
        Table t = new Table("host local", List.of("GROUP", "STATE"), List.of(List.of("lab", "KEYED"),
                List.of("a-long-group", "STOPPED")));
        assertThat(t.format()).isEqualTo("host local\nGROUP         STATE\nlab           KEYED\na-long-group  STOPPED\n");
        assertThat(new Table("", List.of("X"), List.of()).format()).isEqualTo("X\n(none)\n");
        assertThat(new MikeConverter().format(t, org.apache.felix.service.command.Converter.INSPECT, null))
                .isEqualTo(t.format());
        assertThat(new MikeConverter().format("other", org.apache.felix.service.command.Converter.INSPECT, null)).isNull();
    }

    @Test
    void rowsMustMatchTheHeaders() {
        assertThatThrownBy(() -> new Table("", List.of("A", "B"), List.of(List.of("1"))))
                .hasMessageContaining("1 cells, table has 2 columns");
    }
}
