package org.creditwatch.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RosterTest {
    @TempDir
    Path dir;

    @Test
    void readsCsvWithQuotedCellsAndMultiValuedFields() throws IOException {
        Path file = write("roster.csv", "\uFEFFinspectorId,name,regions,excludes",
                "i1,张三,,",
                "i2,\"Li, Si\",150102;150103,91150102ma00000017",
                "",
                "i3,王五,\"150104, 150105\",91150102MA00000017 91150102MA0000002A");
        assertThat(Roster.read(file)).containsExactly(
                new Inspector("i1", "张三", Set.of(), Set.of()),
                new Inspector("i2", "Li, Si", Set.of("150102", "150103"), Set.of("91150102MA00000017")),
                new Inspector("i3", "王五", Set.of("150104", "150105"),
                        Set.of("91150102MA00000017", "91150102MA0000002A")));
    }

    @Test
    void readsColumnsInAnyOrder() throws IOException {
        Path file = write("roster.csv", "regions,inspectorId", "150102,i9");
        assertThat(Roster.read(file)).containsExactly(new Inspector("i9", "", Set.of("150102"), Set.of()));
    }

    @Test
    void readsJsonLines() throws IOException {
        Path file = write("roster.jsonl",
                "{\"inspectorId\":\"i1\",\"name\":\"张三\",\"regions\":[\"150102\"],\"excludes\":[]}",
                "{\"inspectorId\":\"i2\",\"regions\":\"150102;150103\"}");
        assertThat(Roster.read(file)).containsExactly(
                new Inspector("i1", "张三", Set.of("150102"), Set.of()),
                new Inspector("i2", "", Set.of("150102", "150103"), Set.of()));
    }

    @Test
    void readsAJsonArray() throws IOException {
        Path file = write("roster.json", "[", "  {\"inspectorId\": \"i1\", \"regions\": [\"150102\"]},",
                "  {\"inspectorId\": \"i2\", \"excludes\": [\"91150102MA00000017\"]}", "]");
        assertThat(Roster.read(file)).containsExactly(new Inspector("i1", "", Set.of("150102"), Set.of()),
                new Inspector("i2", "", Set.of(), Set.of("91150102MA00000017")));
        Path noId = write("no-id.json", "[", "  {\"inspectorId\": \"i1\"},", "  {\"name\": \"x\"}", "]");
        assertThatThrownBy(() -> Roster.read(noId)).hasMessage(noId + ":3: inspectorId is missing");
        Path broken = write("broken.json", "[", "  {\"inspectorId\": \"i1\"},", "  {oops}", "]");
        assertThatThrownBy(() -> Roster.read(broken)).hasMessageStartingWith(broken + ":3: not JSON");
    }

    @Test
    void badLinesAreNamedByFileAndLine() throws IOException {
        Path noId = write("a.csv", "inspectorId,name,regions,excludes", "i1,a,,", ",b,,");
        assertThatThrownBy(() -> Roster.read(noId)).isInstanceOf(PlanException.class)
                .hasMessage(noId + ":3: inspectorId is missing");
        Path jsonNoId = write("b.jsonl", "{\"inspectorId\":\"i1\"}", "{\"name\":\"x\"}");
        assertThatThrownBy(() -> Roster.read(jsonNoId)).hasMessage(jsonNoId + ":2: inspectorId is missing");
        Path noHeader = write("c.csv", "i1,a,,");
        assertThatThrownBy(() -> Roster.read(noHeader)).hasMessageStartingWith(noHeader + ":1: the CSV header");
        Path badCode = write("d.csv", "inspectorId,excludes", "i1,91150102MA00000018");
        assertThatThrownBy(() -> Roster.read(badCode))
                .hasMessage(badCode + ":2: excludes: '91150102MA00000018' is not a valid credit code");
        Path badRegion = write("e.csv", "inspectorId,regions", "i1,1501");
        assertThatThrownBy(() -> Roster.read(badRegion)).hasMessageContaining(":2: regions: '1501'");
        Path twice = write("f.csv", "inspectorId", "i1", "i1");
        assertThatThrownBy(() -> Roster.read(twice)).hasMessage(twice + ":3: inspectorId i1 is already in the roster");
        Path notJson = write("g.jsonl", "{\"inspectorId\":\"i1\"}", "{oops");
        assertThatThrownBy(() -> Roster.read(notJson)).hasMessageStartingWith(notJson + ":2: not a JSON object");
        Path unclosed = write("h.csv", "inspectorId,name", "i1,\"open");
        assertThatThrownBy(() -> Roster.read(unclosed)).hasMessage(unclosed + ":2: a quoted field is not closed");
    }

    @Test
    void anUnreadableOrNonUtf8FileIsNamed() throws IOException {
        Path missing = dir.resolve("missing.csv");
        assertThatThrownBy(() -> Roster.read(missing)).isInstanceOf(PlanException.class)
                .hasMessage(missing + ": cannot read the roster (NoSuchFileException)");
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, new byte[] {'i', 'n', 's', 'p', 'e', 'c', 't', 'o', 'r', 'I', 'd', '\n', 'i', (byte) 0xE9, '\n'});
        assertThatThrownBy(() -> Roster.read(latin1)).hasMessageContaining("latin1.csv:2: roster is not UTF-8");
    }

    private Path write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return file;
    }
}
