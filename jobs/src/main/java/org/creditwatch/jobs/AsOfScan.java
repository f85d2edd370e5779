package org.creditwatch.jobs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.creditwatch.domain.RecordParser;
import org.creditwatch.domain.Stream;
import org.creditwatch.io.InputLines;
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

    /**
     * The largest valid {@code reportedAt}, or {@link Long#MIN_VALUE} when there is no valid record.
     *
     * @param readAt the replay's reading clock: a {@code reportedAt} more than the clock skew after it is from the
     *     future (spec §3.6); the parser rejects it, and it must never become the as-of
     */
    static long latestReportedAt(Map<Stream, Path> files, long readAt, long maxClockSkewMs) throws IOException {
        long latestCredible = readAt + maxClockSkewMs;
        // One thread per file: the job waits for this pass, and one thread alone would leave the other cores idle.
        List<TopCandidates> perFile;
        try {
            perFile = files.entrySet().parallelStream().map(file -> scan(file, latestCredible)).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        TopCandidates top = new TopCandidates();
        for (TopCandidates file : perFile) {
            file.queue.forEach(top::offer);
            top.overflowed |= file.overflowed;
        }
        RecordParser parser = new RecordParser(maxClockSkewMs);
        long best = Long.MIN_VALUE;
        for (Candidate c : top.queue) {
            RecordParser.Result parsed = parser.parse(c.stream, c.line, readAt);
            if (parsed.record != null) {
                best = Math.max(best, parsed.record.reportedAt);
            }
        }
        return best != Long.MIN_VALUE || !top.overflowed ? best : fullScan(files, parser, readAt);
    }

    /** The lines with the largest {@code reportedAt} text, and whether any line was pushed out. */
    private static final class TopCandidates {
        final PriorityQueue<Candidate> queue = new PriorityQueue<>((a, b) -> Long.compare(a.reportedAt, b.reportedAt));
        boolean overflowed;

        void offer(Candidate candidate) {
            if (queue.size() < CANDIDATES) {
                queue.add(candidate);
                return;
            }
            overflowed = true;
            if (candidate.reportedAt > queue.peek().reportedAt) {
                queue.poll();
                queue.add(candidate);
            }
        }
    }

    private static TopCandidates scan(Map.Entry<Stream, Path> file, long latestCredible) {
        TopCandidates top = new TopCandidates();
        try (BufferedReader in = InputLines.open(file.getValue())) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                long reportedAt = RawFields.reportedAt(line);
                if (reportedAt != RawFields.NONE && reportedAt <= latestCredible) {
                    top.offer(new Candidate(reportedAt, file.getKey(), line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return top;
    }

    /** Every top candidate was rejected: rare enough to afford parsing everything. */
    private static long fullScan(Map<Stream, Path> files, RecordParser parser, long readAt) throws IOException {
        long best = Long.MIN_VALUE;
        for (Map.Entry<Stream, Path> file : files.entrySet()) {
            try (BufferedReader in = InputLines.open(file.getValue())) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    RecordParser.Result parsed = parser.parse(file.getKey(), line, readAt);
                    if (parsed.record != null) {
                        best = Math.max(best, parsed.record.reportedAt);
                    }
                }
            }
        }
        return best;
    }
}
