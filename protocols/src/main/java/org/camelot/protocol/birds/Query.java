package org.camelot.protocol.birds;

/**
 * A validated query: the filters (each {@code null} when absent, matched exactly) and the page.
 *
 * @param year    the {@code year} filter, saturated to the range of {@code long} (a year no row has matches none)
 * @param month   the {@code month} filter, 1 to 12
 * @param species the {@code species} filter, matched against {@code species_id}
 * @param locId   the {@code loc_id} filter
 * @param region  the {@code region} filter
 * @param offset  matching rows skipped, 0 or more
 * @param limit   the most rows answered after the offset ({@code Long.MAX_VALUE}: no limit)
 */
record Query(Long year, Long month, String species, String locId, String region, long offset, long limit) {

    static final Query EVERYTHING = new Query(null, null, null, null, null, 0, Long.MAX_VALUE);

    boolean filtered() {
        return year != null || month != null || species != null || locId != null || region != null;
    }

    boolean paged() {
        return offset != 0 || limit != Long.MAX_VALUE;
    }

    /**
     * A 64-bit digest of the query in a canonical form (FNV-1a), so that the same rows in the same format get the
     * same entity tag whatever order and spelling the parameters came in.
     */
    long digest() {
        long h = 0xcbf29ce484222325L;
        h = mix(h, year == null ? "-" : Long.toString(year));
        h = mix(h, month == null ? "-" : Long.toString(month));
        h = mix(h, species);
        h = mix(h, locId);
        h = mix(h, region);
        h = mix(h, Long.toString(offset));
        return mix(h, Long.toString(limit));
    }

    private static long mix(long h, String s) {
        if (s == null) {
            h ^= 0xff;
            return h * 0x100000001b3L;
        }
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= 0x1f;
        return h * 0x100000001b3L;
    }
}
