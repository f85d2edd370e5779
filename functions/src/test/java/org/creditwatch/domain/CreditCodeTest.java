package org.creditwatch.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CreditCodeTest {
    @Test
    void acceptsCodesWhoseCheckCharacterMatchesTheSpecAlgorithm() {
        assertThat(CreditCode.normalize("91150103000000042R")).isEqualTo("91150103000000042R");
        assertThat(CreditCode.normalize("91150102000000043E")).isEqualTo("91150102000000043E");
        assertThat(CreditCode.normalize("91150105000000044W")).isEqualTo("91150105000000044W");
    }

    @Test
    void computesTheCheckCharacterByHand() {
        // 9·1 + 1·3 + 1·9 + 5·27 + 0·19 + 1·26 + 0·16 + 3·17 + 0·20 ... + 4·30 + 2·28 = 409; 409 mod 31 = 6; 31 − 6 = 25 → R
        assertThat(CreditCode.checkCharacterOf("91150103000000042")).isEqualTo('R');
    }

    @Test
    void mapsCheckValue31ToZero() {
        String first17 = findFirst17WithCheck('0');
        assertThat(CreditCode.normalize(first17 + "0")).isEqualTo(first17 + "0");
    }

    @Test
    void upperCasesLowerCaseCodes() {
        assertThat(CreditCode.normalize("91150103000000042r")).isEqualTo("91150103000000042R");
    }

    @Test
    void rejectsWrongCheckWrongLengthForbiddenLettersAndNonDigitDivisions() {
        assertThat(CreditCode.normalize("91150105000000000X")).isNull();
        assertThat(CreditCode.normalize("9115010300000004R")).isNull();
        assertThat(CreditCode.normalize("911501030000000422R")).isNull();
        assertThat(CreditCode.normalize(null)).isNull();
        for (char forbidden : "IOZSV".toCharArray()) {
            String code = "91150103" + forbidden + "0000004";
            assertThat(CreditCode.normalize(code + "2R")).isNull();
        }
        String letterInDivision = "9115A103000000042";
        assertThat(CreditCode.normalize(letterInDivision + CreditCode.checkCharacterOf(letterInDivision))).isNull();
    }

    @Test
    void divisionIsPositionsThreeToEight() {
        assertThat(CreditCode.divisionOf("91150103000000042R")).isEqualTo("150103");
    }

    private static String findFirst17WithCheck(char check) {
        for (int n = 0; n < 100_000; n++) {
            String first17 = String.format("911501%011d", n);
            if (CreditCode.checkCharacterOf(first17) == check) {
                return first17;
            }
        }
        throw new AssertionError("no code with check " + check);
    }
}
