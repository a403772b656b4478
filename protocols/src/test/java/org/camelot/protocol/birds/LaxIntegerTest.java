package org.camelot.protocol.birds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Integer parameters read as FastAPI (pydantic 2) reads them; each case was checked against FastAPI 0.142. */
class LaxIntegerTest {

    @ParameterizedTest(name = "\"{0}\" = {1}")
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
        "2021|2021", "+2021|2021", "-2021|-2021", "00012|12", "-0|0", "2_021|2021", "0_0|0",
        "2021.0|2021", "2021.00|2021", "2021.0000000|2021", "-2021.0|-2021", "-0.0|0", "1_0.0|10",
        " 2021 |2021", "\t2021\u00a0|2021", "\u20032021|2021", "\n2021|2021",
        "99999999999999999999999|9223372036854775807", "-99999999999999999999999|-9223372036854775808"})
    void acceptsWhatFastApiAccepts(String text, long value) {
        LaxInteger n = LaxInteger.parse(text);
        assertNull(n.error(), text);
        assertEquals(value, n.value());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"abc", "", " ", "2021.5", "2021.", ".0", "1e3", "1.0e0", "0x10", "+", "-", "+-1", "--1",
        "_2021", "2021_", "2__021", "2021.0_0", "2021 .0", "\u0662\u0660\u0662\u0661", "\uff12\uff10",
        "2021\u200b", "2021\u0000", "- 1", "+.0"})
    void refusesWhatFastApiRefuses(String text) {
        assertEquals(LaxInteger.PARSING, LaxInteger.parse(text).error(), text);
    }

    @ParameterizedTest
    @ValueSource(ints = {4301, 10_000})
    void refusesMoreThan4300DigitsAsTooLong(int digits) {
        assertEquals(LaxInteger.PARSING_SIZE, LaxInteger.parse("1".repeat(digits)).error());
    }

    @ParameterizedTest
    @ValueSource(ints = {4300})
    void acceptsUpTo4300DigitsEvenWithSurroundingSpace(int digits) {
        LaxInteger n = LaxInteger.parse("     " + "1".repeat(digits) + "     ");
        assertNull(n.error());
        assertEquals(Long.MAX_VALUE, n.value());
    }
}
