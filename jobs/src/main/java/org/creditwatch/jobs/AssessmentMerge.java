package org.creditwatch.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.creditwatch.model.RiskClass;

/**
 * Joins replay's assessment parts (one per subtask) into one file ordered by credit code, then sequence, and counts
 * the latest class of each enterprise. Works on bytes, by runs: an enterprise lives in one part, its lines in
 * sequence order, mostly next to each other; so the runs of consecutive lines of one enterprise are sorted (stably,
 * keeping a part's order within an enterprise) and copied from file to file, never decoded.
 */
final class AssessmentMerge {
    private static final byte[] CODE_PREFIX = "{\"creditCode\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLASS_PREFIX = "\"riskClass\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final int BUFFER_BYTES = 1 << 20;

    private AssessmentMerge() {}

    /** Consecutive lines of one enterprise in one part: where they are, and the class on the last of them. */
    private record Run(String creditCode, int part, long start, long length, RiskClass lastClass) {}

    /** Writes {@code target} and returns the number of enterprises by their latest class. */
    static Map<String, Long> merge(List<Path> parts, Path target) throws IOException {
        List<Run> runs = new ArrayList<>();
        for (List<Run> partRuns : runsOfEachPart(parts)) {
            runs.addAll(partRuns);
        }
        runs.sort(Comparator.comparing(Run::creditCode)); // stable: a part's order stays within an enterprise
        Map<String, Long> byClass = new LinkedHashMap<>();
        for (RiskClass c : RiskClass.values()) {
            byClass.put(c.name(), 0L);
        }
        FileChannel[] in = new FileChannel[parts.size()];
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (int p = 0; p < in.length; p++) {
                in[p] = FileChannel.open(parts.get(p), StandardOpenOption.READ);
            }
            for (int i = 0; i < runs.size(); i++) {
                Run run = runs.get(i);
                for (long copied = 0; copied < run.length; ) {
                    copied += in[run.part].transferTo(run.start + copied, run.length - copied, out);
                }
                if (i + 1 == runs.size() || !runs.get(i + 1).creditCode.equals(run.creditCode)) {
                    byClass.merge(run.lastClass.name(), 1L, Long::sum);
                }
            }
        } finally {
            for (FileChannel channel : in) {
                if (channel != null) {
                    channel.close();
                }
            }
        }
        return byClass;
    }

    /** The runs of every part, in part order; the parts are read in parallel, as the job's subtasks wrote them. */
    private static List<List<Run>> runsOfEachPart(List<Path> parts) throws IOException {
        try {
            return IntStream.range(0, parts.size()).parallel().mapToObj(p -> {
                try {
                    return runsOf(parts.get(p), p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).collect(Collectors.toList());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Reads a part line by line (lines end with a newline) and returns its runs. */
    private static List<Run> runsOf(Path part, int partIndex) throws IOException {
        List<Run> runs = new ArrayList<>();
        byte[] buffer = new byte[BUFFER_BYTES];
        int filled = 0;
        long bufferOffset = 0; // the part's offset of buffer[0]
        String code = null;
        long runStart = 0;
        RiskClass lastClass = null;
        try (InputStream in = Files.newInputStream(part)) {
            while (true) {
                int read = in.read(buffer, filled, buffer.length - filled);
                if (read < 0) {
                    break;
                }
                filled += read;
                int lineStart = 0;
                for (int newline = indexOf(buffer, (byte) '\n', 0, filled); newline >= 0;
                        newline = indexOf(buffer, (byte) '\n', lineStart, filled)) {
                    String lineCode = stringField(buffer, lineStart, newline, CODE_PREFIX, part, bufferOffset);
                    if (!lineCode.equals(code)) {
                        if (code != null) {
                            runs.add(new Run(code, partIndex, runStart, bufferOffset + lineStart - runStart, lastClass));
                        }
                        code = lineCode;
                        runStart = bufferOffset + lineStart;
                    }
                    lastClass = RiskClass.valueOf(stringField(buffer, lineStart, newline, CLASS_PREFIX, part,
                            bufferOffset));
                    lineStart = newline + 1;
                }
                // keep the unfinished line at the front; a line longer than the buffer makes it grow
                System.arraycopy(buffer, lineStart, buffer, 0, filled - lineStart);
                filled -= lineStart;
                bufferOffset += lineStart;
                if (filled == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
            }
        }
        if (filled > 0) {
            throw new IOException(part + ": the last line has no newline (a part written incompletely)");
        }
        if (code != null) {
            runs.add(new Run(code, partIndex, runStart, bufferOffset - runStart, lastClass));
        }
        return runs;
    }

    /** The ASCII string after {@code prefix} up to the next quote, within one line that OutputJson wrote. */
    private static String stringField(byte[] line, int from, int to, byte[] prefix, Path part, long offset)
            throws IOException {
        int at = indexOf(line, prefix, from, to);
        int end = at < 0 ? -1 : indexOf(line, (byte) '"', at + prefix.length, to);
        if (end < 0) {
            throw new IOException(part + " at byte " + (offset + from) + ": not an assessment line");
        }
        return new String(line, at + prefix.length, end - at - prefix.length, StandardCharsets.US_ASCII);
    }

    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] bytes, byte[] pattern, int from, int to) {
        outer:
        for (int i = from; i <= to - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
