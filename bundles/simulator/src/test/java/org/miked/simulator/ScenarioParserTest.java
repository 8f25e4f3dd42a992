package org.miked.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScenarioParserTest {
    @Test
    void absentKeysKeepTheBuiltInValuesAndEveryKeyRoundTrips() {
        Scenario s = ScenarioParser.parse("{\"senders\": 25, \"receivers\": 10000, \"agreement\": \"gdh3\"}");
        assertThat(s.senders()).isEqualTo(25);
        assertThat(s.receivers()).isEqualTo(10000);
        assertThat(s.agreement()).isEqualTo("gdh3");
        assertThat(s.loss()).isEqualTo(Scenario.DEFAULT.loss());
        assertThat(ScenarioParser.parse(ScenarioParser.toJson(s))).isEqualTo(s);
        assertThat(ScenarioParser.parse("{}")).isEqualTo(Scenario.DEFAULT);
    }

    @Test
    void aFileWithoutANameIsNamedAfterTheFile() {
        String json = "{\"senders\": 3, \"receivers\": 30}";
        Scenario s = ScenarioParser.parse(json, ScenarioParser.nameFor(Path.of("scenarios", "lossy-bd.json")));
        assertThat(s.name()).isEqualTo("lossy-bd");
        assertThat(s.senders()).isEqualTo(3);
        assertThat(ScenarioParser.parse("{\"name\": \"mine\"}", "lossy-bd").name()).isEqualTo("mine");
        assertThat(ScenarioParser.parse(json).name()).isEqualTo(Scenario.DEFAULT.name());
        assertThat(ScenarioParser.nameFor(Path.of("/tmp/my run (2).JSON"))).isEqualTo("my_run__2_");
        assertThat(ScenarioParser.nameFor(Path.of("x".repeat(80) + ".json"))).hasSize(64);
        assertThat(ScenarioParser.nameFor(Path.of(".json"))).isEqualTo("scenario");
        assertThat(ScenarioParser.nameFor(Path.of("plain"))).isEqualTo("plain");
        assertThatThrownBy(() -> ScenarioParser.parse(json, "a b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badInputIsOneLineNamingTheKey() {
        assertThatThrownBy(() -> ScenarioParser.parse("{\"lossy\": 0.1}")).isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith("scenario: unknown key 'lossy'");
        assertThatThrownBy(() -> ScenarioParser.parse("{\"loss\": 1.5}")).hasMessageContaining("'loss' must be in");
        assertThatThrownBy(() -> ScenarioParser.parse("{\"senders\": 26}")).hasMessageContaining("'senders'");
        assertThatThrownBy(() -> ScenarioParser.parse("{\"senders\": 2.5}")).hasMessageContaining("'senders' must be an integer");
        assertThatThrownBy(() -> ScenarioParser.parse("{\"senders\": \"5\"}")).hasMessageContaining("'senders' must be an integer");
        assertThatThrownBy(() -> ScenarioParser.parse("{\"agreement\": \"b d\"}")).hasMessageContaining("'agreement'");
        assertThatThrownBy(() -> ScenarioParser.parse("{\"receivers\": 5, \"leaves\": 6}")).hasMessageContaining("'leaves'");
        assertThatThrownBy(() -> ScenarioParser.parse("{\"seed\": [1]}")).hasMessageContaining("'seed' must be a single value");
        assertThatThrownBy(() -> ScenarioParser.parse("[1, 2]")).hasMessageContaining("one JSON object");
        assertThatThrownBy(() -> ScenarioParser.parse("{\"senders\": ")).hasMessageContaining("not valid JSON")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
