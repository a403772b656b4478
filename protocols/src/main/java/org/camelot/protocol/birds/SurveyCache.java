package org.camelot.protocol.birds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;

/**
 * The surveys loaded in this process, shared by every route that serves the same files with the same load settings:
 * the default configuration mounts the same CSV on its cleartext and TLS listeners, and each would otherwise parse,
 * encode, cluster and gzip it again and keep its own copy of every buffer. A survey is immutable once loaded, so
 * sharing it needs no locking on the request path; it is counted here and released when its last route closes. A
 * reload that keeps the files as they were reuses the survey already in memory; a file changed on disk (another
 * size, modification time or inode) is loaded again.
 */
final class SurveyCache {

    /** What identifies a survey: the files as they are on disk now, and the settings that change what is built. */
    record Key(Path csv, Object csvFile, long csvSize, long csvModified, Path species, Object speciesFile,
               long speciesSize, long speciesModified, boolean precompress, long clusterMemory) {

        static Key of(Path csv, Path species, boolean precompress, long clusterMemory) throws IOException {
            Path realCsv = csv.toRealPath();
            BasicFileAttributes c = Files.readAttributes(realCsv, BasicFileAttributes.class);
            Path realSpecies = species == null ? null : species.toRealPath();
            BasicFileAttributes s = realSpecies == null ? null
                    : Files.readAttributes(realSpecies, BasicFileAttributes.class);
            return new Key(realCsv, c.fileKey(), c.size(), c.lastModifiedTime().toMillis(), realSpecies,
                    s == null ? null : s.fileKey(), s == null ? -1 : s.size(),
                    s == null ? -1 : s.lastModifiedTime().toMillis(), precompress, clusterMemory);
        }
    }

    /** Loads a survey when no route holds one for the key. */
    interface Loader {
        Survey load() throws MalformedCsvException, IOException;
    }

    /** A route's hold on a shared survey; closing it lets the survey go once no other route holds it. */
    final class Lease implements AutoCloseable {
        private final Key key;
        private final Entry entry;
        private final boolean loaded;
        private boolean closed;

        private Lease(Key key, Entry entry, boolean loaded) {
            this.key = key;
            this.entry = entry;
            this.loaded = loaded;
        }

        Survey survey() {
            return entry.survey;
        }

        /** Whether this lease loaded the survey (false: it was already in memory for another route). */
        boolean loaded() {
            return loaded;
        }

        @Override
        public void close() {
            release(this);
        }
    }

    private static final class Entry {
        final Survey survey;
        int holders;

        Entry(Survey survey) {
            this.survey = survey;
        }
    }

    /** The process's cache, which every birds route uses. */
    static final SurveyCache SHARED = new SurveyCache();

    private final Map<Key, Entry> entries = new HashMap<>();

    /**
     * The survey for {@code key}, loaded by {@code loader} unless a route holds one already. Loading happens under
     * the cache's lock: routes are created at start-up and on reload, never on an event loop, and a second route of
     * the same files waits for the first load instead of making its own.
     */
    synchronized Lease acquire(Key key, Loader loader) throws MalformedCsvException, IOException {
        Entry entry = entries.get(key);
        boolean loaded = entry == null;
        if (loaded) {
            entry = new Entry(loader.load());
            entries.put(key, entry);
        }
        entry.holders++;
        return new Lease(key, entry, loaded);
    }

    private synchronized void release(Lease lease) {
        if (lease.closed) {
            return;
        }
        lease.closed = true;
        Entry entry = lease.entry;
        if (--entry.holders == 0) {
            entries.remove(lease.key, entry);
            entry.survey.close();
        }
    }

    /** How many surveys are held now. */
    synchronized int size() {
        return entries.size();
    }
}
