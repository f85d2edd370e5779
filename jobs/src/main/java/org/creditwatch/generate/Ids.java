package org.creditwatch.generate;

import java.util.HashMap;
import java.util.Map;
import org.creditwatch.generate.Vocabulary.Region;

/** Business identifiers in the shapes the source systems use, numbered per series so that each is unique. */
final class Ids {
    private final Map<String, Integer> counters = new HashMap<>();

    private int next(String series) {
        return counters.merge(series, 1, Integer::sum);
    }

    /** A penalty decision of the division's bureau, e.g. 呼赛市监罚〔2026〕12号. */
    String decision(Region region, int year) {
        return region.issuer() + "市监罚〔" + year + "〕" + next("P" + region.issuer() + year) + "号";
    }

    /** An enforcement (执) or preservation (执保) case of the division's court, e.g. （2026）内0105执1234号. */
    String caseNo(Region region, int year, boolean preservation) {
        String court = "内01" + region.code().substring(4) + (preservation ? "执保" : "执");
        return "（" + year + "）" + court + next(court + year) + "号";
    }

    /** A 12315 complaint ticket, numbered per day received. */
    String complaint(long occurredAt) {
        String day = Cst.date(Cst.localDay(occurredAt)).replace("-", "");
        return "12315-" + day + "-" + six(next("C" + day));
    }

    String sample(int year) {
        return "SC-" + year + "-" + six(next("S" + year));
    }

    String inspection(int year) {
        return "JC-" + year + "-" + six(next("I" + year));
    }

    /** A food business licence: JY, 1 sales or 2 catering, the division, a serial number and a check digit. */
    String license(boolean catering, String regionCode) {
        String digits = (catering ? "2" : "1") + regionCode + six(next("L" + regionCode));
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            sum += digits.charAt(i) - '0';
        }
        return "JY" + digits + sum % 10;
    }

    private static String six(int number) {
        String digits = Integer.toString(number);
        return digits.length() >= 6 ? digits : "000000".substring(digits.length()) + digits;
    }
}
