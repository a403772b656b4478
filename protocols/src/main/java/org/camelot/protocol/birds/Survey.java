package org.camelot.protocol.birds;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A survey loaded at start-up and never changed after: the indexed table, every row encoded once as JSON and as CSV,
 * the species listing, and what identifies this data in entity tags and {@code Last-Modified}.
 */
final class Survey implements AutoCloseable {

    private static final Map<String, CsvSchema.ColumnType> TYPES = Map.of(
            "latitude", CsvSchema.ColumnType.NUMBER, "longitude", CsvSchema.ColumnType.NUMBER,
            "year", CsvSchema.ColumnType.NUMBER, "month", CsvSchema.ColumnType.NUMBER,
            "day", CsvSchema.ColumnType.NUMBER, "num", CsvSchema.ColumnType.NUMBER);
    private static final ObjectWriter JSON_ROW = new ObjectMapper().writerFor(Sighting.class);

    private final SurveyTable table;
    private final EncodedRows json;
    private final EncodedRows csv;
    private final SpeciesListing species;
    private final String tag;
    private final long lastModified;
    private final CompressedWhole gzip;
    /** Clustered copies by family: [JSON, CSV]. */
    private final Map<SurveyTable.Family, EncodedRows[]> clustered = new EnumMap<>(SurveyTable.Family.class);
    /** Made for the first route that wants them (guarded by this); {@code null} before or when not possible. */
    private WholeFiles wholeFiles;
    private boolean wholeFilesTried;

    private Survey(SurveyTable table, EncodedRows json, EncodedRows csv, SpeciesListing species, String tag,
                   long lastModified, CompressedWhole gzip) {
        this.table = table;
        this.json = json;
        this.csv = csv;
        this.species = species;
        this.tag = tag;
        this.lastModified = lastModified;
        this.gzip = gzip;
    }

    /**
     * Loads the survey CSV and, when not {@code null}, the species CSV.
     *
     * @param precompress   whether the whole-survey answers are also kept gzipped
     * @param clusterMemory the most bytes spent on clustered copies of the rows (by year and species, by species,
     *                      by year, in that order, each built only if it fits)
     */
    static Survey load(Path csvFile, Path speciesFile, boolean precompress, long clusterMemory)
            throws MalformedCsvException, IOException {
        List<Sighting> rows = new ArrayList<>();
        CsvFile.read(csvFile, Sighting.COLUMNS, TYPES, Sighting.class, (row, line) -> rows.add(row));
        Map<String, SpeciesName> names = speciesFile == null ? null : names(speciesFile);
        SurveyTable table = new SurveyTable(rows);
        EncodedRows json = null;
        EncodedRows csv = null;
        try {
            json = EncodedRows.encode(rows, rows.size(), bytes("["), bytes(","), bytes("]"), JSON_ROW::writeValue);
            CsvMapper mapper = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();
            var csvRow = mapper.writerFor(Sighting.class).with(mapper.schemaFor(Sighting.class)
                    .withoutHeader());
            csv = EncodedRows.encode(rows, rows.size(), bytes(String.join(",", Sighting.COLUMNS) + "\n"),
                    new byte[0], new byte[0], csvRow::writeValue);
            SpeciesListing listing = new SpeciesListing(table, names);
            long modified = Files.getLastModifiedTime(csvFile).toMillis();
            if (speciesFile != null) {
                modified = Math.max(modified, Files.getLastModifiedTime(speciesFile).toMillis());
            }
            CompressedWhole gzip = precompress ? CompressedWhole.of(json, csv) : null;
            Survey survey = new Survey(table, json, csv, listing, tag(json, listing), modified, gzip);
            survey.cluster(clusterMemory);
            return survey;
        } catch (IOException | RuntimeException | Error e) {
            if (json != null) {
                json.close();
            }
            if (csv != null) {
                csv.close();
            }
            throw e;
        }
    }

    private static Map<String, SpeciesName> names(Path file) throws MalformedCsvException, IOException {
        Map<String, SpeciesName> names = new HashMap<>();
        Map<String, Long> lines = new HashMap<>();
        CsvFile.read(file, SpeciesName.COLUMNS, Map.of(), SpeciesName.class, (row, line) -> {
            Long first = lines.putIfAbsent(row.speciesId(), line);
            if (first != null) {
                throw new MalformedCsvException(file, line, 1, "species_id", "\"" + row.speciesId()
                        + "\" is already named on line " + first);
            }
            names.put(row.speciesId(), row);
        });
        return Map.copyOf(names);
    }

    /** 12 hex digits of the SHA-256 of what the survey answers, so a changed file gets new entity tags. */
    private static String tag(EncodedRows json, SpeciesListing listing) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(json.bytes());
            sha.update(listing.wholeJson());
            return HexFormat.of().formatHex(sha.digest(), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Builds the clustered copies that fit in {@code budget} bytes, the most selective family first: the answer to
     * a query on those filters alone is then one slice of memory, sent without gathering rows.
     */
    private void cluster(long budget) {
        // Each group is framed as an answer of its own: a prefix and a suffix more per group, and no family has
        // more groups than year+species.
        int groups = table.groupStarts(SurveyTable.Family.YEAR_AND_SPECIES).length;
        long each = (long) json.wholeLength() + csv.wholeLength() + (long) groups * (json.framing() + csv.framing());
        for (SurveyTable.Family f : new SurveyTable.Family[] {SurveyTable.Family.YEAR_AND_SPECIES,
                SurveyTable.Family.SPECIES, SurveyTable.Family.YEAR}) {
            if (each > budget) {
                return;
            }
            int[] order = table.order(f);
            int[] starts = table.groupStarts(f);
            clustered.put(f, new EncodedRows[] {json.grouped(order, starts), csv.grouped(order, starts)});
            budget -= each;
        }
    }

    /** The clustered copy of a family in one format, or {@code null} when it was not built. */
    EncodedRows clustered(SurveyTable.Family family, boolean csvFormat) {
        EncodedRows[] copies = clustered.get(family);
        return copies == null ? null : copies[csvFormat ? 1 : 0];
    }

    /** How many clustered copies were built (each in both formats). */
    int clusteredCopies() {
        return clustered.size();
    }

    SurveyTable table() {
        return table;
    }

    EncodedRows rows(boolean csvFormat) {
        return csvFormat ? csv : json;
    }

    SpeciesListing species() {
        return species;
    }

    /** The whole-survey answer gzipped, or {@code null} when not precompressed. The caller releases it. */
    ByteBuf wholeGzipped(boolean csvFormat) {
        return gzip == null ? null : gzip.get(csvFormat);
    }

    /**
     * The whole-table answers in files for {@code sendfile}, written the first time a route asks (routes are made
     * at start-up and on reload, never on an event loop); {@code null} when this system cannot keep them.
     */
    synchronized WholeFiles wholeFiles() {
        if (!wholeFilesTried) {
            wholeFilesTried = true;
            wholeFiles = WholeFiles.of(json, csv);
        }
        return wholeFiles;
    }

    String tag() {
        return tag;
    }

    long lastModified() {
        return lastModified;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (wholeFiles != null) {
                wholeFiles.close();
            }
        }
        json.close();
        csv.close();
        if (gzip != null) {
            gzip.close();
        }
        clustered.values().forEach(copies -> {
            copies[0].close();
            copies[1].close();
        });
    }
}
