package org.camelot.protocol.birds;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code /birds/species}: the species ids of the matching rows with how many rows each has, ordered by id, with the
 * scientific and English names when a species file is configured ({@code null} for an id the file lacks). The
 * answer for the whole survey is encoded once.
 */
final class SpeciesListing {

    private static final JsonFactory JSON = new JsonFactory();
    // Quotes only the values that need it (a comma, a quote, a line break), not every value with a space.
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .build();

    private final SurveyTable table;
    private final Map<String, SpeciesName> names;
    private final int[] order;
    private final byte[] wholeJson;
    private final byte[] wholeCsv;

    /** @param names species names by id, or {@code null} when no species file is configured */
    SpeciesListing(SurveyTable table, Map<String, SpeciesName> names) {
        this.table = table;
        this.names = names;
        this.order = table.species().sortedIds();
        List<int[]> all = entries(Selection.all(table.size()), 0, Long.MAX_VALUE);
        this.wholeJson = json(all);
        this.wholeCsv = csv(all);
    }

    /** The listing for the rows of {@code matching}, paged by {@code offset} and {@code limit}. */
    byte[] answer(Selection matching, boolean whole, long offset, long limit, boolean csv) {
        if (whole && offset == 0 && limit == Long.MAX_VALUE) {
            return csv ? wholeCsv : wholeJson;
        }
        List<int[]> entries = entries(matching, offset, limit);
        return csv ? csv(entries) : json(entries);
    }

    /** (species number, row count) of the species present in {@code matching}, ordered by id, paged. */
    private List<int[]> entries(Selection matching, long offset, long limit) {
        int[] counts = new int[table.species().size()];
        for (int k = matching.from(); k < matching.to(); k++) {
            counts[table.speciesOf(matching.row(k))]++;
        }
        List<int[]> out = new ArrayList<>();
        long skipped = 0;
        for (int id : order) {
            if (counts[id] == 0) {
                continue;
            }
            if (skipped++ < offset) {
                continue;
            }
            if (out.size() >= limit) {
                break;
            }
            out.add(new int[] {id, counts[id]});
        }
        return out;
    }

    private byte[] json(List<int[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + entries.size() * 64);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (int[] e : entries) {
                String id = table.species().value(e[0]);
                g.writeStartObject();
                g.writeStringField("species_id", id);
                if (names != null) {
                    SpeciesName n = names.get(id);
                    g.writeStringField("sci_name", n == null ? null : n.sciName());
                    g.writeStringField("en_us", n == null ? null : n.enUs());
                }
                g.writeNumberField("count", e[1]);
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private byte[] csv(List<int[]> entries) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true).addColumn("species_id");
        if (names != null) {
            schema.addColumn("sci_name").addColumn("en_us");
        }
        schema.addColumn("count", CsvSchema.ColumnType.NUMBER);
        List<Object[]> rows = new ArrayList<>(entries.size());
        for (int[] e : entries) {
            String id = table.species().value(e[0]);
            SpeciesName n = names == null ? null : names.get(id);
            rows.add(names == null ? new Object[] {id, e[1]}
                    : new Object[] {id, n == null ? "" : n.sciName(), n == null ? "" : n.enUs(), e[1]});
        }
        try {
            return CSV.writer(schema.build()).writeValueAsBytes(rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The encoded answers for the whole survey, for the data set's entity tag. */
    byte[] wholeJson() {
        return wholeJson;
    }
}
