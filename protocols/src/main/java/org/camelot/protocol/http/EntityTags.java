package org.camelot.protocol.http;

/** Entity tags (RFC 9110 8.8.3) and the lists of them in {@code If-Match} and {@code If-None-Match}. */
final class EntityTags {

    private EntityTags() {
    }

    /** Whether {@code tag} is {@code "opaque"} or {@code W/"opaque"}. */
    static boolean valid(String tag) {
        int start = tag.startsWith("W/") ? 2 : 0;
        int end = tag.length() - 1;
        if (end <= start || tag.charAt(start) != '"' || tag.charAt(end) != '"') {
            return false;
        }
        for (int i = start + 1; i < end; i++) {
            char c = tag.charAt(i);
            if (c < 0x21 || c == '"' || c == 0x7f || c > 0xff) {
                return false;
            }
        }
        return true;
    }

    static boolean weak(String tag) {
        return tag.startsWith("W/");
    }

    /**
     * Whether the list in {@code header} matches {@code etag} (or, when {@code null}, a representation without an
     * entity tag): {@code *} matches any current representation; with
     * {@code weak} comparison the {@code W/} prefixes are ignored, with strong comparison both tags must be strong.
     * A malformed list matches nothing.
     */
    static boolean anyMatches(String header, String etag, boolean weak) {
        String h = header.trim();
        if (h.equals("*")) {
            return true;
        }
        if (etag == null || !weak && weak(etag)) {
            return false;
        }
        String opaque = opaque(etag);
        int i = 0;
        int n = h.length();
        while (i < n) {
            char c = h.charAt(i);
            if (c == ',' || c == ' ' || c == '\t') {
                i++;
                continue;
            }
            boolean isWeak = false;
            if (c == 'W' && h.startsWith("W/", i)) {
                isWeak = true;
                i += 2;
            }
            if (i >= n || h.charAt(i) != '"') {
                return false;
            }
            int close = h.indexOf('"', i + 1);
            if (close < 0) {
                return false;
            }
            if ((weak || !isWeak) && h.regionMatches(i, opaque, 0, opaque.length()) && close - i + 1 == opaque.length()) {
                return true;
            }
            i = close + 1;
        }
        return false;
    }

    /** The quoted part of a tag, quotes included. */
    private static String opaque(String tag) {
        return weak(tag) ? tag.substring(2) : tag;
    }
}
