package org.camelot.protocol.http.files;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camelot.protocol.InvalidSettingException;
import org.camelot.protocol.Settings;

/**
 * Settings of a {@code files} route.
 *
 * @param root                     the directory served (required)
 * @param index                    file names served for a directory, first found wins (default {@code [index.html]})
 * @param listing                  whether a directory without an index file gets an HTML listing (default false:
 *                                 403)
 * @param dotfiles                 whether names starting with a dot are served (default false: 404)
 * @param followSymlinks           whether symbolic links below the root are followed at all (default true; false:
 *                                 a path through any link gets 403)
 * @param followSymlinksOutsideRoot whether a symbolic link may lead out of the root (default false: 403)
 * @param cacheControl             the {@code Cache-Control} value sent with files, e.g. {@code max-age=3600}
 *                                 (default none)
 * @param precompressed            whether {@code NAME.br} and {@code NAME.gz} beside a file are sent instead of it
 *                                 to clients that accept them (default true)
 * @param metadataTtl              how long a file's metadata (and, for a small file, its bytes) may be reused
 *                                 before the file is looked at again (default 1s; 0s: every request)
 * @param memoryCacheFileSize      files up to this many bytes are kept in memory (default 262144; 0: none)
 * @param memoryCacheSize          the most bytes kept in memory for this route (default 67108864)
 * @param maxCacheEntries          the most files whose metadata is kept (default 10000)
 * @param types                    extra or overriding content types by file extension, e.g. {@code {md: text/markdown}}
 * @param defaultType              the content type of a file whose extension is unknown (default
 *                                 {@code application/octet-stream})
 */
public record FilesSettings(Path root, List<String> index, Boolean listing, Boolean dotfiles,
                            Boolean followSymlinks, Boolean followSymlinksOutsideRoot, String cacheControl, Boolean precompressed,
                            Duration metadataTtl, Integer memoryCacheFileSize, Long memoryCacheSize,
                            Integer maxCacheEntries, Map<String, String> types, String defaultType) {

    public FilesSettings {
        if (root == null) {
            throw new InvalidSettingException("root", null, "the directory to serve, e.g. root: www");
        }
        index = List.copyOf(Settings.orDefault(index, List.of("index.html")));
        for (String name : index) {
            if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
                throw new InvalidSettingException("index", name, "file names without a slash, e.g. [index.html]");
            }
        }
        listing = Settings.orDefault(listing, false);
        dotfiles = Settings.orDefault(dotfiles, false);
        followSymlinks = Settings.orDefault(followSymlinks, true);
        followSymlinksOutsideRoot = Settings.orDefault(followSymlinksOutsideRoot, false);
        if (followSymlinksOutsideRoot && !followSymlinks) {
            throw new InvalidSettingException("follow-symlinks-outside-root", true,
                    "false when follow-symlinks is false");
        }
        if (cacheControl != null && (cacheControl.isBlank() || !printable(cacheControl))) {
            throw new InvalidSettingException("cache-control", cacheControl, "a header value such as max-age=3600");
        }
        precompressed = Settings.orDefault(precompressed, true);
        metadataTtl = Settings.notNegative("metadata-ttl", Settings.orDefault(metadataTtl, Duration.ofSeconds(1)));
        memoryCacheFileSize = Settings.range("memory-cache-file-size",
                Settings.orDefault(memoryCacheFileSize, 256 * 1024), 0, 64 << 20);
        memoryCacheSize = Settings.range("memory-cache-size", Settings.orDefault(memoryCacheSize, 64L << 20), 0,
                Long.MAX_VALUE);
        maxCacheEntries = Settings.range("max-cache-entries", Settings.orDefault(maxCacheEntries, 10_000), 1,
                10_000_000);
        types = Map.copyOf(Settings.orDefault(types, Map.of()));
        for (Map.Entry<String, String> e : types.entrySet()) {
            if (!e.getValue().contains("/") || !printable(e.getValue())) {
                throw new InvalidSettingException("types." + e.getKey(), e.getValue(), "a media type such as text/markdown");
            }
        }
        defaultType = Settings.orDefault(defaultType, "application/octet-stream");
        if (!defaultType.contains("/") || !printable(defaultType)) {
            throw new InvalidSettingException("default-type", defaultType, "a media type such as application/octet-stream");
        }
    }

    private static boolean printable(String s) {
        return s.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }
}
