package org.miked.common.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.miked.api.runtime.StateStore;

class FileStateStoreTest {
    @TempDir
    Path tmp;

    @Test
    void recordsSurviveANewStoreOnTheSameDirectoryAndAreOwnerOnly() throws IOException {
        Path dir = tmp.resolve("state").resolve("r00001");
        FileStateStore s = FileStateStore.open(dir);
        assertThat(s.get("epoch.lab")).isNull();
        s.put("epoch.lab", "12345".getBytes(StandardCharsets.UTF_8));
        s.put("epoch.lab", "12346".getBytes(StandardCharsets.UTF_8));
        FileStateStore again = FileStateStore.open(dir);
        assertThat(new String(again.get("epoch.lab"), StandardCharsets.UTF_8)).isEqualTo("12346");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("epoch.lab"))))
                .isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("epoch.lab"); // no temp left
        }
        again.put("epoch.lab", null);
        assertThat(s.get("epoch.lab")).isNull();
    }

    @Test
    void unsafeDirectoriesAndBadNamesAreRefusedNamingWhy() throws IOException {
        Path open = tmp.resolve("open");
        Files.createDirectory(open, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> FileStateStore.open(open)).hasMessageContaining("writable by others")
                .hasMessageContaining("chmod 700");
        Path link = tmp.resolve("link");
        Files.createSymbolicLink(link, tmp);
        assertThatThrownBy(() -> FileStateStore.open(link)).hasMessageContaining("symbolic link");
        FileStateStore s = FileStateStore.open(tmp.resolve("ok"));
        assertThatThrownBy(() -> s.put("a/../escape", new byte[1])).hasMessageContaining("'/'");
        assertThatThrownBy(() -> s.get(".hidden")).hasMessageContaining("not starting with '.'");
        assertThat(StateStore.NONE.get("x")).isNull();
        assertThat(StateStore.NONE.durable()).isFalse();
        MemoryStateStore m = new MemoryStateStore();
        m.put("a", new byte[] {1});
        assertThat(m.get("a")).containsExactly(1);
    }
}
