package org.creditwatch.generate;

import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * China Standard Time (+08:00) arithmetic on epoch seconds, and random times of day. Hand-formatted, because the
 * generator formats millions of instants and {@code OffsetDateTime.toString()} would drop zero seconds.
 */
final class Cst {
    static final long MINUTE = 60;
    static final long HOUR = 3_600;
    static final long DAY = 86_400;
    static final long YEAR = 365 * DAY;
    private static final long OFFSET = 8 * HOUR;

    private Cst() {}

    /** The local date of an instant, as an epoch day. */
    static long localDay(long epochSecond) {
        return Math.floorDiv(epochSecond + OFFSET, DAY);
    }

    /** The instant at 00:00 local time of an epoch day. */
    static long startOfDay(long localDay) {
        return localDay * DAY - OFFSET;
    }

    /** 0 for Monday through 6 for Sunday (epoch day 0 was a Thursday). */
    static int dayOfWeek(long localDay) {
        return (int) Math.floorMod(localDay + 3, 7);
    }

    /** A random time in office hours (08:30–17:30) on the day of t, moved from a weekend to the next Monday. */
    static long workTime(long t, SplittableRandom rng) {
        long day = localDay(t);
        int weekday = dayOfWeek(day);
        if (weekday >= 5) {
            day += 7 - weekday;
        }
        return startOfDay(day) + 8 * HOUR + 30 * MINUTE + rng.nextLong(9 * HOUR);
    }

    /** A random time between the given hours on the day of t. */
    static long dayTime(long t, int fromHour, int toHour, SplittableRandom rng) {
        return startOfDay(localDay(t)) + fromHour * HOUR + rng.nextLong((toHour - fromHour) * HOUR);
    }

    static int year(long epochSecond) {
        return LocalDate.ofEpochDay(localDay(epochSecond)).getYear();
    }

    /** An ISO-8601 date, {@code 2026-03-22}. */
    static String date(long localDay) {
        StringBuilder sb = new StringBuilder(10);
        appendDate(sb, localDay);
        return sb.toString();
    }

    /** An ISO-8601 instant with offset, {@code 2026-03-22T12:00:00+08:00}. */
    static void appendInstant(StringBuilder sb, long epochSecond) {
        long local = epochSecond + OFFSET;
        appendDate(sb, Math.floorDiv(local, DAY));
        int secondOfDay = (int) Math.floorMod(local, DAY);
        sb.append('T');
        two(sb, secondOfDay / 3600);
        sb.append(':');
        two(sb, secondOfDay / 60 % 60);
        sb.append(':');
        two(sb, secondOfDay % 60);
        sb.append("+08:00");
    }

    private static void appendDate(StringBuilder sb, long localDay) {
        LocalDate date = LocalDate.ofEpochDay(localDay);
        sb.append(date.getYear()).append('-');
        two(sb, date.getMonthValue());
        sb.append('-');
        two(sb, date.getDayOfMonth());
    }

    private static void two(StringBuilder sb, int value) {
        sb.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
