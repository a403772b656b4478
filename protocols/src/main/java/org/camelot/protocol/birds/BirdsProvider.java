package org.camelot.protocol.birds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.camelot.protocol.InvalidSettingException;
import org.camelot.protocol.http.Route;
import org.camelot.protocol.http.RouteContext;
import org.camelot.protocol.http.RouteProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code type: birds}: queries over a FeederWatch bird-survey CSV, mounted at {@code /birds} unless the block says
 * otherwise. The files are read and indexed here, at start-up, before the listener is bound (so a listener that
 * accepts connections answers every query, and a file that cannot be used stops the start with a configuration
 * error that names the file, the line, the column and the problem). Routes of the same files share one loaded
 * survey ({@link SurveyCache}).
 */
public final class BirdsProvider implements RouteProvider<BirdsSettings> {

    private static final Logger log = LoggerFactory.getLogger(BirdsProvider.class);

    @Override
    public String name() {
        return "birds";
    }

    @Override
    public Class<BirdsSettings> settingsType() {
        return BirdsSettings.class;
    }

    @Override
    public Route create(RouteContext<BirdsSettings> context) throws Exception {
        BirdsSettings settings = context.settings();
        Path csv = settings.csv();
        check("csv", csv);
        long size = Files.size(csv);
        if (size > settings.maxFileSize()) {
            throw new InvalidSettingException("csv", csv.toString(), "a file of at most " + settings.maxFileSize()
                    + " bytes (max-file-size), but it has " + size);
        }
        if (settings.species() != null) {
            check("species", settings.species());
        }
        long started = System.nanoTime();
        SurveyCache.Lease lease;
        try {
            SurveyCache.Key key = SurveyCache.Key.of(csv, settings.species(), settings.precompress(),
                    settings.clusterMemory());
            lease = SurveyCache.SHARED.acquire(key, () -> Survey.load(csv, settings.species(),
                    settings.precompress(), settings.clusterMemory()));
        } catch (MalformedCsvException e) {
            boolean main = e.file().equals(csv);
            throw new InvalidSettingException(main ? "csv" : "species", e.file().toString(), "a well-formed "
                    + (main ? "survey" : "species") + " CSV, but " + e.getMessage());
        } catch (IOException e) {
            throw new InvalidSettingException("csv", csv.toString(), "a readable CSV file (" + e + ")");
        }
        Survey survey = lease.survey();
        log.info("{}: {} mounted at {}: {} rows, {} species from {}, {} of 3 clustered copies, {} in {} ms",
                context.listener().name(), context.name(), context.path(), survey.table().size(),
                survey.table().species().size(), csv, survey.clusteredCopies(),
                lease.loaded() ? "loaded" : "shared with another route (already loaded)",
                (System.nanoTime() - started) / 1_000_000);
        return new BirdsRoute(lease, context.path(), settings);
    }

    private static void check(String key, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidSettingException(key, file.toString(), "an existing CSV file");
        }
        if (!Files.isReadable(file)) {
            throw new InvalidSettingException(key, file.toString(), "a CSV file the server may read");
        }
    }
}
