package org.camelot.protocol.birds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Survey CSV files for the tests: random but reproducible rows, and the JSON and CSV each row must become. */
final class SurveyFiles {

    static final String HEADER = "loc_id,latitude,longitude,region,year,month,day,species_id,num";

    /** A row as written in the file, with its expected encodings. */
    record Row(String locId, double latitude, double longitude, String region, int year, int month, int day,
               String species, String num) {

        String csvLine() {
            return locId + "," + latitude + "," + longitude + "," + region + "," + year + "," + month + "," + day
                    + "," + species + "," + num;
        }

        double count() {
            return num.isEmpty() ? 0.0 : Double.parseDouble(num);
        }

        String json() {
            return "{\"loc_id\":\"" + locId + "\",\"latitude\":" + latitude + ",\"longitude\":" + longitude
                    + ",\"region\":\"" + region + "\",\"year\":" + year + ",\"month\":" + month + ",\"day\":" + day
                    + ",\"species_id\":\"" + species + "\",\"num\":" + count() + "}";
        }

        String csvAnswerLine() {
            return locId + "," + latitude + "," + longitude + "," + region + "," + year + "," + month + "," + day
                    + "," + species + "," + count() + "\n";
        }
    }

    private SurveyFiles() {
    }

    static List<Row> random(long seed, int n) {
        Random r = new Random(seed);
        String[] species = {"bkcchi", "comred", "pingro", "stejay", "nobird", "haiwoo", "rebnut"};
        String[] regions = {"CA-YT", "CA-BC", "US-NY"};
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int site = r.nextInt(12);
            String sp = species[r.nextInt(species.length)];
            String num = sp.equals("nobird") ? "" : String.format(Locale.ROOT, "%d.0", 1 + r.nextInt(30));
            rows.add(new Row("L" + (1000 + site), 40 + site * 1.25 + 0.0000001 * site, -130 + site * 0.5,
                    regions[site % 3], 2020 + r.nextInt(4), 1 + r.nextInt(12), 1 + r.nextInt(28), sp, num));
        }
        return rows;
    }

    static Path write(Path dir, String name, List<Row> rows) throws IOException {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        rows.forEach(row -> b.append(row.csvLine()).append('\n'));
        return Files.writeString(dir.resolve(name), b);
    }

    static String expectedJson(List<Row> rows) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < rows.size(); i++) {
            b.append(i == 0 ? "" : ",").append(rows.get(i).json());
        }
        return b.append(']').toString();
    }

    static String expectedCsv(List<Row> rows) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        rows.forEach(row -> b.append(row.csvAnswerLine()));
        return b.toString();
    }
}
