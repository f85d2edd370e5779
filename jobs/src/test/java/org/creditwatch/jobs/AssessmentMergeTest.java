package org.creditwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssessmentMergeTest {
    @TempDir
    Path dir;

    private static String line(String code, int sequence, String riskClass) {
        return "{\"creditCode\":\"" + code + "\",\"sequence\":" + sequence + ",\"name\":\"呼和浩特市\\\"riskClass\\\":\\\"A\\\"\","
                + "\"riskClass\":\"" + riskClass + "\"}";
    }

    private Path part(String name, String... lines) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + (lines.length > 0 ? "\n" : ""),
                StandardCharsets.UTF_8);
    }

    @Test
    void ordersByCreditCodeKeepingEachEnterprisesSequenceOrderEvenWhenItsLinesAreApart() throws IOException {
        Path first = part("assessments-0.part", line("B2", 1, "D"), line("A1", 1, "C"), line("B2", 2, "B"),
                line("A1", 2, "A"));
        Path second = part("assessments-1.part", line("C3", 1, "D"));
        Path empty = part("assessments-2.part");
        Path target = dir.resolve("assessments.jsonl");

        Map<String, Long> byClass = AssessmentMerge.merge(List.of(first, second, empty), target);

        assertThat(Files.readAllLines(target, StandardCharsets.UTF_8)).containsExactly(line("A1", 1, "C"),
                line("A1", 2, "A"), line("B2", 1, "D"), line("B2", 2, "B"), line("C3", 1, "D"));
        assertThat(byClass).containsExactly(Map.entry("A", 1L), Map.entry("B", 1L), Map.entry("C", 0L),
                Map.entry("D", 1L));
    }

    @Test
    void aPartCutOffInTheMiddleOfALineIsAnError() throws IOException {
        Path cut = Files.writeString(dir.resolve("assessments-0.part"), line("A1", 1, "C") + "\n{\"creditCode\":\"A1",
                StandardCharsets.UTF_8);

        assertThatThrownBy(() -> AssessmentMerge.merge(List.of(cut), dir.resolve("assessments.jsonl")))
                .isInstanceOf(IOException.class).hasMessageContaining("no newline");
    }
}
