package org.creditwatch.generate;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Collects the lines of one output file and writes them sorted by reportedAt, ties in the order added. Lines are
 * spilled to bucket files by reportedAt range and each bucket is sorted on its own, so that memory holds one bucket,
 * not the whole file (100 000 enterprises over a year make some 500 MB).
 */
final class SortedSpool implements Closeable {
    private static final int BUFFER = 1 << 15;

    private final Path target;
    private final long origin;
    private final long span;
    private final Path[] bucketFiles;
    private final DataOutputStream[] buckets;
    private long lines;

    /** Accepts reportedAt in [origin, origin + span]; span must fit an int. */
    SortedSpool(Path target, Path spoolDir, long origin, long span, int bucketCount) throws IOException {
        this.target = target;
        this.origin = origin;
        this.span = span;
        this.bucketFiles = new Path[bucketCount];
        this.buckets = new DataOutputStream[bucketCount];
        String base = target.getFileName().toString();
        for (int b = 0; b < bucketCount; b++) {
            bucketFiles[b] = spoolDir.resolve(base + "." + b);
            buckets[b] = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(bucketFiles[b]), BUFFER));
        }
    }

    void add(long reportedAt, String line) throws IOException {
        long relative = reportedAt - origin;
        if (relative < 0 || relative > span) {
            throw new IllegalArgumentException("reportedAt outside the spool's range: " + reportedAt);
        }
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        DataOutputStream bucket = buckets[(int) (relative * buckets.length / (span + 1))];
        bucket.writeInt((int) relative);
        bucket.writeInt(bytes.length);
        bucket.write(bytes);
        lines++;
    }

    long lines() {
        return lines;
    }

    /** Writes the target file. Within a bucket the entries are in the order added, so their index breaks ties. */
    void finish() throws IOException {
        for (DataOutputStream bucket : buckets) {
            bucket.close();
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16)) {
            for (Path file : bucketFiles) {
                ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(file));
                Files.delete(file);
                int count = 0;
                for (int pos = 0; pos < data.limit(); pos += 8 + data.getInt(pos + 4)) {
                    count++;
                }
                long[] keys = new long[count];
                int[] offsets = new int[count];
                for (int i = 0, pos = 0; i < count; i++, pos += 8 + data.getInt(pos + 4)) {
                    keys[i] = (long) data.getInt(pos) << 32 | i;
                    offsets[i] = pos;
                }
                Arrays.sort(keys);
                for (long key : keys) {
                    int pos = offsets[(int) key];
                    out.write(data.array(), pos + 8, data.getInt(pos + 4));
                    out.write('\n');
                }
            }
        }
    }

    /** Releases the bucket files; after a failure they may still be there. */
    @Override
    public void close() throws IOException {
        for (int b = 0; b < buckets.length; b++) {
            if (buckets[b] != null) {
                buckets[b].close();
            }
            Files.deleteIfExists(bucketFiles[b]);
        }
    }
}
