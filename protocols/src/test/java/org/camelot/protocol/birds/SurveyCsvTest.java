package org.camelot.protocol.birds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a malformed survey or species file is reported as: the file, the line, the column and the problem. */
class SurveyCsvTest {

    static final String HEADER = SurveyFiles.HEADER + "\n";
    static final String GOOD = "L1,60.5,-135.25,CA-YT,2021,2,1,redcro,3.0\n";

    @TempDir
    Path dir;

    MalformedCsvException malformed(String content) throws Exception {
        Path f = Files.writeString(dir.resolve("survey.csv"), content);
        return assertThrows(MalformedCsvException.class, () -> Survey.load(f, null, false, 0).close());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "L1,60.5,-135.25,CA-YT,20x1,2,1,redcro,3.0|3|5|year|\"20x1\" is not an integer",
        "L1,60.5,-135.25,CA-YT,2021.0,2,1,redcro,3.0|3|5|year|\"2021.0\" is not an integer",
        "L1,60.5,-135.25,CA-YT, 2021,2,1,redcro,3.0|3|5|year|\" 2021\" is not an integer",
        "L1,60.5,-135.25,CA-YT,,2,1,redcro,3.0|3|5|year|empty, expected an integer",
        "L1,60.5,-135.25,CA-YT,2021,2,99999999999,redcro,3.0|3|7|day|\"99999999999\" is out of the integer range",
        "L1,abc,-135.25,CA-YT,2021,2,1,redcro,3.0|3|2|latitude|\"abc\" is not a number",
        "L1,,-135.25,CA-YT,2021,2,1,redcro,3.0|3|2|latitude|empty, expected a number",
        "L1,NaN,-135.25,CA-YT,2021,2,1,redcro,3.0|3|2|latitude|\"NaN\" is not a number",
        "L1,60.5,0x1p3,CA-YT,2021,2,1,redcro,3.0|3|3|longitude|\"0x1p3\" is not a number",
        "L1,60.5,-135.25,CA-YT,2021,2,1,redcro,1e999|3|9|num|\"1e999\" is out of the float range",
        "L1,60.5,-135.25,CA-YT,2021,2,1,redcro,three|3|9|num|\"three\" is not a number",
        "L1,60.5,-135.25,CA-YT,2021,2,1,redcro,1.5d|3|9|num|\"1.5d\" is not a number"})
    void aBadValueIsNamedByLineAndColumn(String row, long line, int column, String name, String problem)
            throws Exception {
        MalformedCsvException e = malformed(HEADER + GOOD + row + "\n" + GOOD);
        assertEquals(line, e.line());
        assertEquals(column, e.column());
        assertEquals(name, e.columnName());
        assertEquals(problem, e.problem());
        assertEquals(dir.resolve("survey.csv") + ": line " + line + ", column " + column + " (" + name + "): "
                + problem, e.getMessage());
    }

    @Test
    void aTooShortRowIsNamedByLine() throws Exception {
        MalformedCsvException e = malformed(HEADER + GOOD + GOOD + "L1,60.5,-135.25,CA-YT,2021,2,1,redcro\n");
        assertEquals(4, e.line());
        assertEquals("Not enough column values: expected 9, found 8", e.problem());
    }

    @Test
    void aTooLongRowIsNamedByLine() throws Exception {
        MalformedCsvException e = malformed(HEADER + "L1,60.5,-135.25,CA-YT,2021,2,1,redcro,3.0,extra\n");
        assertEquals(2, e.line());
        assertEquals(true, e.problem().startsWith("Too many entries: expected at most 9"), e.problem());
    }

    @Test
    void linesAreCountedThroughQuotedLineBreaksAndBlankLines() throws Exception {
        MalformedCsvException e = malformed(HEADER + "\"L1\nstill L1\",60.5,-135.25,CA-YT,2021,2,1,redcro,3.0\n\n"
                + "L1,60.5,-135.25,CA-YT,2021,13x,1,redcro,3.0\n");
        assertEquals(5, e.line());
        assertEquals("month", e.columnName());
    }

    @Test
    void anUnterminatedQuoteIsReported() throws Exception {
        MalformedCsvException e = malformed(HEADER + GOOD + "\"L1,60.5,-135.25\n");
        assertEquals("Missing closing quote for value", e.problem());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "loc_id,lat,longitude,region,year,month,day,species_id,num|2|latitude|header column \"lat\" where \"latitude\" was expected",
        "loc_id,latitude,longitude,region,year,month,day,species_id|9|num|header column missing; expected loc_id,latitude,longitude,region,year,month,day,species_id,num",
        "loc_id,latitude,longitude,region,month,year,day,species_id,num|5|year|header column \"month\" where \"year\" was expected",
        "LOC_ID,latitude,longitude,region,year,month,day,species_id,num|1|loc_id|header column \"LOC_ID\" where \"loc_id\" was expected"})
    void aWrongHeaderIsReportedOnLineOne(String header, int column, String name, String problem) throws Exception {
        MalformedCsvException e = malformed(header + "\n" + GOOD);
        assertEquals(1, e.line());
        assertEquals(column, e.column());
        assertEquals(name, e.columnName());
        assertEquals(problem, e.problem());
    }

    @Test
    void anExtraHeaderColumnIsReported() throws Exception {
        MalformedCsvException e = malformed(SurveyFiles.HEADER + ",comment\n" + GOOD);
        assertEquals(10, e.column());
        assertEquals("unexpected header column \"comment\"; expected only " + SurveyFiles.HEADER, e.problem());
    }

    @Test
    void anEmptyFileIsReported() throws Exception {
        MalformedCsvException e = malformed("");
        assertEquals(1, e.line());
        assertEquals("the file is empty; expected the header " + SurveyFiles.HEADER, e.problem());
    }

    @Test
    void aByteOrderMarkAndAHeaderOnlyFileAreFine() throws Exception {
        Path f = Files.writeString(dir.resolve("bom.csv"), "\uFEFF" + HEADER);
        try (Survey s = Survey.load(f, null, true, 0)) {
            assertEquals(0, s.table().size());
        }
    }

    @Test
    void aDuplicateSpeciesIsReportedWithBothLines() throws Exception {
        Path survey = Files.writeString(dir.resolve("survey.csv"), HEADER + GOOD);
        Path species = Files.writeString(dir.resolve("species.csv"), "species_id,sci_name,en_us\n"
                + "redcro,Loxia curvirostra,Red Crossbill\nbkcchi,Poecile atricapillus,Black-capped Chickadee\n"
                + "redcro,Loxia curvirostra,Red Crossbill again\n");
        MalformedCsvException e = assertThrows(MalformedCsvException.class,
                () -> Survey.load(survey, species, false, 0).close());
        assertEquals(species, e.file());
        assertEquals(4, e.line());
        assertEquals("\"redcro\" is already named on line 2", e.problem());
    }

    @Test
    void aSpeciesFileWithTheWrongHeaderIsReported() throws Exception {
        Path survey = Files.writeString(dir.resolve("survey.csv"), HEADER + GOOD);
        Path species = Files.writeString(dir.resolve("species.csv"), "species_code,sci_name,en_us\nx,y,z\n");
        MalformedCsvException e = assertThrows(MalformedCsvException.class,
                () -> Survey.load(survey, species, false, 0).close());
        assertEquals(species, e.file());
        assertEquals("header column \"species_code\" where \"species_id\" was expected", e.problem());
    }
}
