package org.camelot.protocol.http;

/** Reads {@code Accept-Encoding} (RFC 9110 12.5.3): which content codings a client takes. */
final class AcceptEncoding {

    private AcceptEncoding() {
    }

    /**
     * Whether {@code header} accepts {@code coding}: it is listed with a q-value above 0, or {@code *} is and the
     * coding is not listed with q=0. {@code x-gzip} counts as {@code gzip}. An absent header accepts nothing but
     * identity, so {@code false}.
     */
    static boolean accepts(String header, String coding) {
        if (header == null || header.isEmpty()) {
            return false;
        }
        int wildcard = -1;
        int start = 0;
        int n = header.length();
        while (start < n) {
            int comma = header.indexOf(',', start);
            int end = comma < 0 ? n : comma;
            int semi = header.indexOf(';', start);
            int nameEnd = semi >= 0 && semi < end ? semi : end;
            String name = header.substring(start, nameEnd).trim();
            boolean positive = nameEnd == end || positiveQ(header.substring(nameEnd + 1, end));
            if (name.equalsIgnoreCase(coding) || coding.equals("gzip") && name.equalsIgnoreCase("x-gzip")) {
                return positive;
            }
            if (name.equals("*")) {
                wildcard = positive ? 1 : 0;
            }
            start = end + 1;
        }
        return wildcard == 1;
    }

    /** Whether the parameters give a q-value above zero (or none at all). */
    private static boolean positiveQ(String params) {
        for (String p : params.split(";")) {
            String t = p.trim();
            if (t.length() > 1 && (t.charAt(0) == 'q' || t.charAt(0) == 'Q') && t.substring(1).trim().startsWith("=")) {
                String v = t.substring(t.indexOf('=') + 1).trim();
                try {
                    return Double.parseDouble(v) > 0;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return true;
    }
}
