package org.creditwatch.generate;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Numbers the records that the source systems publish inside the period, writes them to the sorted files, and plants
 * exact duplicates and bad records beside a small share of them.
 */
final class Emitter implements Closeable {
    private static final double DUPLICATE_RATE = 0.002;
    private static final double BAD_RATE = 0.002;
    private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /** Who reads each published good record (its first copy) back. */
    interface Reader {
        void published(OutFile file, String line);
    }

    private enum Bad { NOT_JSON, MISSING_FIELD, BAD_CHECK_CHARACTER, UNKNOWN_TYPE, FUTURE_OCCURRED_AT }

    private final long start;
    private final long end;
    private final SplittableRandom rng;
    private final Planted planted;
    private final Reader reader;
    private final SortedSpool[] spools = new SortedSpool[OutFile.values().length];
    private final long[] nextId = new long[OutFile.values().length];
    private final StringBuilder sb = new StringBuilder(512);

    Emitter(Path outputDir, Path spoolDir, long start, long end, int buckets, SplittableRandom rng, Planted planted,
            Reader reader) throws IOException {
        this.start = start;
        this.end = end;
        this.rng = rng;
        this.planted = planted;
        this.reader = reader;
        try {
            for (OutFile file : OutFile.values()) {
                spools[file.ordinal()] = new SortedSpool(
                        outputDir.resolve(file.fileName()), spoolDir, start, end - start, buckets);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Publishes a record when its reportedAt falls inside the period; false when it is not (yet) published. */
    boolean emit(Rec rec) throws IOException {
        if (rec.reportedAt < start || rec.reportedAt > end) {
            return false;
        }
        SortedSpool spool = spools[rec.file.ordinal()];
        String line = rec.json(nextEventId(rec.file), sb);
        spool.add(rec.reportedAt, line);
        reader.published(rec.file, line);
        if (rng.nextDouble() < DUPLICATE_RATE) {
            spool.add(rec.reportedAt, line);
            planted.add(Planted.Pattern.DUPLICATES);
        }
        if (rng.nextDouble() < BAD_RATE) {
            spool.add(rec.reportedAt, bad(rec));
            planted.add(Planted.Pattern.BAD_RECORDS);
        }
        return true;
    }

    /** A corrupted copy under a fresh eventId, so that the good record and the patterns it belongs to stay intact. */
    private String bad(Rec good) {
        Rec rec = good.copy();
        String eventId = nextEventId(rec.file);
        switch (Bad.values()[rng.nextInt(Bad.values().length)]) {
            case NOT_JSON: {
                String line = rec.json(eventId, sb);
                return line.substring(0, line.length() / 4 + rng.nextInt(line.length() / 2));
            }
            case MISSING_FIELD: {
                List<String> required = rec.requiredKeys();
                rec.omitted = required.get(rng.nextInt(required.size()));
                break;
            }
            case BAD_CHECK_CHARACTER: {
                int check = ALPHABET.indexOf(rec.creditCode.charAt(17));
                char wrong = ALPHABET.charAt((check + 1 + rng.nextInt(ALPHABET.length() - 1)) % ALPHABET.length());
                rec.creditCode = rec.creditCode.substring(0, 17) + wrong;
                break;
            }
            case UNKNOWN_TYPE:
                rec.type = rec.file.unknownType;
                break;
            case FUTURE_OCCURRED_AT:
                rec.occurredAt = rec.reportedAt + Cst.DAY + Cst.HOUR + rng.nextLong(29 * Cst.DAY);
                break;
            default:
                throw new IllegalStateException();
        }
        return rec.json(eventId, sb);
    }

    private String nextEventId(OutFile file) {
        String number = Long.toString(++nextId[file.ordinal()]);
        return file.idPrefix + "-" + "0000000".substring(Math.min(7, number.length())) + number;
    }

    /** Sorts and writes every file; returns the line counts in {@link OutFile} order. */
    long[] finish() throws IOException {
        long[] lines = new long[spools.length];
        for (int i = 0; i < spools.length; i++) {
            spools[i].finish();
            lines[i] = spools[i].lines();
        }
        return lines;
    }

    @Override
    public void close() throws IOException {
        for (SortedSpool spool : spools) {
            if (spool != null) {
                spool.close();
            }
        }
    }
}
