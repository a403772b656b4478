package org.camelot.server.birds;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The project's sample files, read by the test on its own (a plain split on commas: the sample has no quoting), so
 * that answers are checked against the file rather than against the server's own reading of it.
 */
final class SampleSurvey {

    static final Path CSV = Path.of("..", "data", "birds-sample.csv").toAbsolutePath().normalize();
    static final Path SPECIES = Path.of("..", "data", "species-sample.csv").toAbsolutePath().normalize();
    static final List<String> COLUMNS = List.of("loc_id", "latitude", "longitude", "region", "year", "month", "day",
            "species_id", "num");

    /** The data rows, as text, in file order. */
    static final List<String[]> ROWS = read(CSV, COLUMNS.size());
    /** species_id -> {sci_name, en_us}. */
    static final Map<String, String[]> NAMES = names();

    private SampleSurvey() {
    }

    private static List<String[]> read(Path file, int columns) {
        try {
            List<String> lines = Files.readAllLines(file);
            List<String[]> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",", -1);
                if (f.length != columns) {
                    throw new IllegalStateException("not " + columns + " fields: " + line);
                }
                rows.add(f);
            }
            return List.copyOf(rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String[]> names() {
        Map<String, String[]> names = new LinkedHashMap<>();
        for (String[] f : read(SPECIES, 3)) {
            names.put(f[0], new String[] {f[1], f[2]});
        }
        return names;
    }

    static Predicate<String[]> column(String name, String value) {
        int i = COLUMNS.indexOf(name);
        return r -> r[i].equals(value);
    }

    static List<String[]> rows(Predicate<String[]> filter, long offset, long limit) {
        return ROWS.stream().filter(filter).skip(offset).limit(limit).toList();
    }

    static List<String[]> rows(Predicate<String[]> filter) {
        return rows(filter, 0, Long.MAX_VALUE);
    }

    /** The JSON the rows must be, with the number types the issue asks for (ints, and doubles with an empty num 0). */
    static ArrayNode json(List<String[]> rows) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (String[] r : rows) {
            ObjectNode o = a.addObject();
            o.put("loc_id", r[0]);
            o.put("latitude", Double.parseDouble(r[1]));
            o.put("longitude", Double.parseDouble(r[2]));
            o.put("region", r[3]);
            o.put("year", Integer.parseInt(r[4]));
            o.put("month", Integer.parseInt(r[5]));
            o.put("day", Integer.parseInt(r[6]));
            o.put("species_id", r[7]);
            o.put("num", r[8].isEmpty() ? 0.0 : Double.parseDouble(r[8]));
        }
        return a;
    }

    /** The CSV answer the rows must be: the header, then each row with an empty num written 0.0. */
    static String csv(List<String[]> rows) {
        StringBuilder b = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        for (String[] r : rows) {
            String[] f = r.clone();
            f[1] = Double.toString(Double.parseDouble(f[1]));
            f[2] = Double.toString(Double.parseDouble(f[2]));
            f[8] = f[8].isEmpty() ? "0.0" : Double.toString(Double.parseDouble(f[8]));
            b.append(String.join(",", f)).append('\n');
        }
        return b.toString();
    }

    /** species_id -> row count of the rows, ordered by species_id. */
    static Map<String, Integer> counts(List<String[]> rows) {
        Map<String, Integer> counts = new TreeMap<>();
        rows.forEach(r -> counts.merge(r[7], 1, Integer::sum));
        return counts;
    }

    static List<String> distinct(int column) {
        return ROWS.stream().map(r -> r[column]).distinct().toList();
    }
}
