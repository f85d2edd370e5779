package org.creditwatch.jobs;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.PriorityQueue;
import org.creditwatch.domain.RecordParser;
import org.creditwatch.domain.Stream;
import org.creditwatch.io.RawFields;

/**
 * Finds replay's default as-of instant, the largest {@code reportedAt} of a valid record, before the job starts: the
 * job must know it to stop its timers there. A cheap scan reads only the {@code reportedAt} text of each line; the
 * full parser then checks the few candidates at the top, so a rejected record never moves the as-of.
 */
final class AsOfScan {
    private static final int CANDIDATES = 64;

    private AsOfScan() {}

    private record Candidate(long reportedAt, Stream stream, String line) {}

    /** The largest valid {@code reportedAt}, or {@link Long#MIN_VALUE} when there is no valid record. */
    static long latestReportedAt(Map<Stream, Path> files) throws IOException {
        PriorityQueue<Candidate> top = new PriorityQueue<>((a, b) -> Long.compare(a.reportedAt, b.reportedAt));
        boolean overflowed = false;
        for (Map.Entry<Stream, Path> file : files.entrySet()) {
            try (BufferedReader in = Files.newBufferedReader(file.getValue(), StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    long reportedAt = RawFields.reportedAt(line);
                    if (reportedAt == RawFields.NONE) {
                        continue;
                    }
                    if (top.size() < CANDIDATES) {
                        top.add(new Candidate(reportedAt, file.getKey(), line));
                    } else if (reportedAt > top.peek().reportedAt) {
                        top.poll();
                        top.add(new Candidate(reportedAt, file.getKey(), line));
                        overflowed = true;
                    }
                }
            }
        }
        RecordParser parser = new RecordParser();
        long best = Long.MIN_VALUE;
        while (!top.isEmpty()) {
            Candidate c = top.poll();
            RecordParser.Result parsed = parser.parse(c.stream, c.line);
            if (parsed.record != null) {
                best = Math.max(best, parsed.record.reportedAt);
            }
        }
        return best != Long.MIN_VALUE || !overflowed ? best : fullScan(files, parser);
    }

    /** Every top candidate was rejected: rare enough to afford parsing everything. */
    private static long fullScan(Map<Stream, Path> files, RecordParser parser) throws IOException {
        long best = Long.MIN_VALUE;
        for (Map.Entry<Stream, Path> file : files.entrySet()) {
            try (BufferedReader in = Files.newBufferedReader(file.getValue(), StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    RecordParser.Result parsed = parser.parse(file.getKey(), line);
                    if (parsed.record != null) {
                        best = Math.max(best, parsed.record.reportedAt);
                    }
                }
            }
        }
        return best;
    }
}
