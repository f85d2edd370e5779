package org.creditwatch.domain;

/**
 * The 18-character unified social credit code (统一社会信用代码, GB 32100-2015): alphabet without I, O, Z, S, V,
 * positions 3–8 an administrative division code, position 18 a check character over positions 1–17.
 */
public final class CreditCode {
    public static final int LENGTH = 18;
    private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    private CreditCode() {}

    /** Upper-cases a candidate and returns it when valid, or {@code null} when it is not a valid credit code. */
    public static String normalize(String candidate) {
        if (candidate == null || candidate.length() != LENGTH) {
            return null;
        }
        String code = candidate.toUpperCase(java.util.Locale.ROOT);
        for (int i = 2; i < 8; i++) {
            if (code.charAt(i) < '0' || code.charAt(i) > '9') {
                return null;
            }
        }
        int sum = 0;
        for (int i = 0; i < LENGTH - 1; i++) {
            int value = ALPHABET.indexOf(code.charAt(i));
            if (value < 0) {
                return null;
            }
            sum += value * WEIGHTS[i];
        }
        return code.charAt(LENGTH - 1) == checkCharacter(sum) ? code : null;
    }

    /** The check character for the first 17 characters of a code (which must be from the alphabet). */
    public static char checkCharacterOf(String first17) {
        int sum = 0;
        for (int i = 0; i < LENGTH - 1; i++) {
            int value = ALPHABET.indexOf(Character.toUpperCase(first17.charAt(i)));
            if (value < 0) {
                throw new IllegalArgumentException("not a credit-code character: " + first17.charAt(i));
            }
            sum += value * WEIGHTS[i];
        }
        return checkCharacter(sum);
    }

    /** The division code (positions 3–8) of a valid code: the region of an enterprise never registered with us. */
    public static String divisionOf(String code) {
        return code.substring(2, 8);
    }

    private static char checkCharacter(int weightedSum) {
        int check = 31 - weightedSum % 31;
        return ALPHABET.charAt(check == 31 ? 0 : check);
    }
}
