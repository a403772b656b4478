package org.camelot.protocol.birds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads a CSV file with Jackson's CSV module: the header must name exactly the expected columns in their order, and
 * every row is bound to a record whose components carry the column types. Whatever does not fit is reported as a
 * {@link MalformedCsvException} naming the line, the column and the problem.
 */
final class CsvFile {

    /** Takes the rows one by one, with the line each starts on. */
    interface Rows<T> {
        void accept(T row, long line) throws MalformedCsvException;
    }

    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvParser.Feature.FAIL_ON_MISSING_COLUMNS)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .build();

    private CsvFile() {
    }

    /**
     * Reads {@code file}, whose columns are {@code columns} typed as {@code types} (same order), into {@code rows}.
     *
     * @throws MalformedCsvException when the header or a row does not fit
     * @throws IOException           when the file cannot be read
     */
    static <T> void read(Path file, List<String> columns, Map<String, CsvSchema.ColumnType> types, Class<T> type,
                         Rows<T> rows) throws MalformedCsvException, IOException {
        checkHeader(file, columns);
        CsvSchema.Builder schema = CsvSchema.builder().setSkipFirstDataRow(true);
        columns.forEach(c -> schema.addColumn(c, types.getOrDefault(c, CsvSchema.ColumnType.STRING)));
        try (MappingIterator<T> it = MAPPER.readerFor(type).with(schema.build()).readValues(file.toFile())) {
            while (true) {
                long line = it.getCurrentLocation().getLineNr();
                if (!it.hasNextValue()) {
                    break;
                }
                T row = it.nextValue();
                rows.accept(row, Math.max(line, 2));
            }
        } catch (JsonMappingException e) {
            String name = e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
            throw new MalformedCsvException(file, line(e), name == null ? 0 : columns.indexOf(name) + 1, name,
                    e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new MalformedCsvException(file, line(e), 0, null, e.getOriginalMessage());
        } catch (RuntimeException e) {
            // MappingIterator wraps what it meets in hasNextValue() in a RuntimeException.
            if (e.getCause() instanceof JsonProcessingException j) {
                throw new MalformedCsvException(file, line(j), 0, null, j.getOriginalMessage());
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    /** The first line must name exactly {@code columns}, in order. */
    private static void checkHeader(Path file, List<String> columns) throws MalformedCsvException, IOException {
        String[] header;
        try (MappingIterator<String[]> it = MAPPER.readerForArrayOf(String.class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY).readValues(file.toFile())) {
            header = it.hasNextValue() ? it.nextValue() : null;
        } catch (JsonProcessingException e) {
            throw new MalformedCsvException(file, 1, 0, null, e.getOriginalMessage());
        }
        if (header == null) {
            throw new MalformedCsvException(file, 1, 0, null,
                    "the file is empty; expected the header " + String.join(",", columns));
        }
        for (int i = 0; i < Math.max(header.length, columns.size()); i++) {
            String found = i < header.length ? header[i] : null;
            if (i == 0 && found != null && found.startsWith("\uFEFF")) {
                found = found.substring(1);
            }
            String expected = i < columns.size() ? columns.get(i) : null;
            if (expected == null) {
                throw new MalformedCsvException(file, 1, i + 1, null, "unexpected header column \"" + found
                        + "\"; expected only " + String.join(",", columns));
            }
            if (found == null) {
                throw new MalformedCsvException(file, 1, i + 1, expected, "header column missing; expected "
                        + String.join(",", columns));
            }
            if (!found.equals(expected)) {
                throw new MalformedCsvException(file, 1, i + 1, expected, "header column \"" + found
                        + "\" where \"" + expected + "\" was expected");
            }
        }
    }

    private static long line(JsonProcessingException e) {
        return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    }
}
