package org.camelot.protocol.birds;

import java.nio.file.Path;
import org.camelot.protocol.InvalidSettingException;
import org.camelot.protocol.Settings;

/**
 * Settings of a {@code birds} route.
 *
 * @param csv             the survey CSV, {@code loc_id,latitude,longitude,region,year,month,day,species_id,num}
 *                        (required)
 * @param species         a species CSV, {@code species_id,sci_name,en_us}, whose names {@code /species} adds
 *                        (default none)
 * @param cacheControl    the {@code Cache-Control} value sent with answers, e.g. {@code max-age=60} (default none)
 * @param streamThreshold answers larger than this many bytes whose rows are scattered through the file are
 *                        streamed in 64 KiB chunks instead of copied into one buffer (default 262144)
 * @param precompress     whether the whole-survey answers are gzipped once at start-up for clients that accept
 *                        gzip (default true); other answers are gzipped by the listener
 * @param maxFileSize     the largest survey CSV loaded, in bytes (default 268435456)
 * @param clusterMemory   the most bytes spent on copies of the encoded rows grouped by year and species, by
 *                        species and by year (in that order, each kept only if it fits), which make a query on
 *                        those filters alone one slice of memory (default 268435456; 0: none)
 * @param sendfileThreshold a whole-table answer (JSON or CSV) of at least this many bytes is also kept in an
 *                        unlinked file in shared memory and sent with {@code sendfile} on cleartext HTTP/1.1
 *                        connections (default 65536; 0: always)
 */
public record BirdsSettings(Path csv, Path species, String cacheControl, Integer streamThreshold,
                            Boolean precompress, Long maxFileSize, Long clusterMemory,
                            Integer sendfileThreshold) {

    public BirdsSettings {
        if (csv == null) {
            throw new InvalidSettingException("csv", null, "the survey CSV file, e.g. csv: ../data/birds-sample.csv");
        }
        if (cacheControl != null && (cacheControl.isBlank()
                || !cacheControl.chars().allMatch(c -> c >= 0x20 && c < 0x7f))) {
            throw new InvalidSettingException("cache-control", cacheControl, "a header value such as max-age=60");
        }
        streamThreshold = Settings.range("stream-threshold", Settings.orDefault(streamThreshold, 256 * 1024), 0,
                1 << 30);
        precompress = Settings.orDefault(precompress, true);
        maxFileSize = Settings.range("max-file-size", Settings.orDefault(maxFileSize, 256L << 20), 1, 512L << 20);
        clusterMemory = Settings.range("cluster-memory", Settings.orDefault(clusterMemory, 256L << 20), 0,
                Long.MAX_VALUE);
        sendfileThreshold = Settings.range("sendfile-threshold", Settings.orDefault(sendfileThreshold, 64 * 1024),
                0, Integer.MAX_VALUE);
    }
}
