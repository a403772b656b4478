package org.camelot.protocol.birds;

import java.util.Arrays;
import java.util.List;

/**
 * The survey's columns that queries filter on, with their indexes: by year, by species, by both, and by month, site
 * and region. A query takes the smallest index list its filters name and checks the other filters row by row; when
 * the list already answers every filter it is used as it is.
 */
final class SurveyTable {

    /** The indexes whose groups a clustered copy of the rows keeps together. */
    enum Family { YEAR, SPECIES, YEAR_AND_SPECIES }

    /**
     * Where the rows a query selects lie in the clustered copy of a family: positions {@code start} to
     * {@code start + size} of {@link #order(Family)}, in file order.
     */
    record Slot(Family family, int start, int size) {
    }

    private final int size;
    private final int[] year;
    private final int[] month;
    private final int[] species;
    private final int[] loc;
    private final int[] region;
    private final Dictionary speciesIds = new Dictionary();
    private final Dictionary locIds = new Dictionary();
    private final Dictionary regions = new Dictionary();
    private final RowIndex byYear;
    private final RowIndex bySpecies;
    private final RowIndex byYearAndSpecies;
    private final RowIndex byMonth;
    private final RowIndex byLoc;
    private final RowIndex byRegion;

    SurveyTable(List<Sighting> rows) {
        size = rows.size();
        year = new int[size];
        month = new int[size];
        species = new int[size];
        loc = new int[size];
        region = new int[size];
        for (int i = 0; i < size; i++) {
            Sighting s = rows.get(i);
            year[i] = s.year();
            month[i] = s.month();
            species[i] = speciesIds.intern(s.speciesId());
            loc[i] = locIds.intern(s.locId());
            region[i] = regions.intern(s.region());
        }
        byYear = RowIndex.build(size, r -> year[r]);
        bySpecies = RowIndex.build(size, r -> species[r]);
        byYearAndSpecies = RowIndex.build(size, r -> yearAndSpecies(year[r], species[r]));
        byMonth = RowIndex.build(size, r -> month[r]);
        byLoc = RowIndex.build(size, r -> loc[r]);
        byRegion = RowIndex.build(size, r -> region[r]);
    }

    private static long yearAndSpecies(int year, int species) {
        return (long) year << 32 | species & 0xffffffffL;
    }

    int size() {
        return size;
    }

    Dictionary species() {
        return speciesIds;
    }

    /** The species number of a row. */
    int speciesOf(int row) {
        return species[row];
    }

    /** Every row number in the order of the family's clustered copy: group after group, file order within. */
    int[] order(Family family) {
        return index(family).order();
    }

    /** Where each group of the family starts in {@link #order(Family)}, ascending. */
    int[] groupStarts(Family family) {
        return index(family).starts();
    }

    private RowIndex index(Family family) {
        return switch (family) {
            case YEAR -> byYear;
            case SPECIES -> bySpecies;
            case YEAR_AND_SPECIES -> byYearAndSpecies;
        };
    }

    /**
     * Where a query's rows lie in a clustered copy: when its only filters are {@code year}, {@code species} or
     * both, and some row matches; otherwise {@code null}. Offset and limit are not applied.
     */
    Slot slot(Query q) {
        if (q.month() != null || q.locId() != null || q.region() != null || q.year() == null && q.species() == null) {
            return null;
        }
        if (q.year() != null && (q.year() < Integer.MIN_VALUE || q.year() > Integer.MAX_VALUE)) {
            return null;
        }
        int s = q.species() == null ? 0 : speciesIds.id(q.species());
        if (s < 0) {
            return null;
        }
        Family family = q.species() == null ? Family.YEAR
                : q.year() == null ? Family.SPECIES : Family.YEAR_AND_SPECIES;
        long key = switch (family) {
            case YEAR -> q.year();
            case SPECIES -> s;
            case YEAR_AND_SPECIES -> yearAndSpecies((int) (long) q.year(), s);
        };
        RowIndex index = index(family);
        int start = index.offset(key);
        return start < 0 ? null : new Slot(family, start, index.rows(key).length);
    }

    /** The rows matching the query's filters, in file order, paged by its offset and limit. */
    Selection select(Query q) {
        return filter(q).page(q.offset(), q.limit());
    }

    /** The rows matching the query's filters, in file order (offset and limit not applied). */
    Selection filter(Query q) {
        if (!q.filtered()) {
            return Selection.all(size);
        }
        int y = 0;
        if (q.year() != null) {
            if (q.year() < Integer.MIN_VALUE || q.year() > Integer.MAX_VALUE) {
                return Selection.NONE;
            }
            y = (int) (long) q.year();
        }
        int m = q.month() == null ? 0 : (int) (long) q.month();
        int s = q.species() == null ? 0 : speciesIds.id(q.species());
        int l = q.locId() == null ? 0 : locIds.id(q.locId());
        int r = q.region() == null ? 0 : regions.id(q.region());
        if (s < 0 || l < 0 || r < 0) {
            return Selection.NONE;
        }
        int[] best = null;
        int covered = 0;
        if (q.year() != null && q.species() != null) {
            best = byYearAndSpecies.rows(yearAndSpecies(y, s));
            covered = 2;
        } else if (q.year() != null) {
            best = byYear.rows(y);
            covered = 1;
        } else if (q.species() != null) {
            best = bySpecies.rows(s);
            covered = 1;
        }
        if (q.month() != null && (best == null || byMonth.rows(m).length < best.length)) {
            best = byMonth.rows(m);
            covered = 1;
        }
        if (q.locId() != null && (best == null || byLoc.rows(l).length < best.length)) {
            best = byLoc.rows(l);
            covered = 1;
        }
        if (q.region() != null && (best == null || byRegion.rows(r).length < best.length)) {
            best = byRegion.rows(r);
            covered = 1;
        }
        if (covered == filters(q)) {
            return new Selection(best, 0, best.length);
        }
        int[] out = new int[best.length];
        int n = 0;
        for (int row : best) {
            if ((q.year() == null || year[row] == y) && (q.month() == null || month[row] == m)
                    && (q.species() == null || species[row] == s) && (q.locId() == null || loc[row] == l)
                    && (q.region() == null || region[row] == r)) {
                out[n++] = row;
            }
        }
        return new Selection(n == out.length ? out : Arrays.copyOf(out, n), 0, n);
    }

    private static int filters(Query q) {
        int n = 0;
        for (Object f : new Object[] {q.year(), q.month(), q.species(), q.locId(), q.region()}) {
            if (f != null) {
                n++;
            }
        }
        return n;
    }
}
