package org.camelot.protocol.birds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NegotiationTest {

    @ParameterizedTest(name = "Accept: {0} -> csv={1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL|false", "|false", "*/*|false", "application/json|false", "text/csv|true", "TEXT/CSV|true",
        "text/csv; charset=utf-8|true", "text/*|true", "text/*, application/json|false",
        "text/csv;q=0.9, application/json|false", "text/csv, application/json;q=0.5|true",
        "text/csv;q=0.5, */*;q=0.1|true", "application/json;q=0, text/csv;q=0.1|true", "text/csv;q=0|false",
        "text/html|false", "text/csv;q=abc|false", "text/csv;q=2|false", "text/csv ; Q=0.8 , */*;q=0.5|true",
        "garbage|false"})
    void csvOnlyWhenPreferredToJson(String accept, boolean csv) {
        assertEquals(csv, Negotiation.prefersCsv(accept));
    }
}
