package org.camelot.protocol.birds;

/**
 * Chooses between JSON (the default) and CSV from an {@code Accept} header (RFC 9110 12.5.1): each is given the
 * q-value of the most specific media range that matches it, and CSV wins only with a higher one. A header that
 * accepts neither still gets JSON, as most HTTP APIs answer, rather than 406.
 */
final class Negotiation {

    private Negotiation() {
    }

    /** Whether {@code accept} prefers {@code text/csv} to {@code application/json}. */
    static boolean prefersCsv(String accept) {
        if (accept == null || accept.isEmpty()) {
            return false;
        }
        return quality(accept, "text", "csv") > quality(accept, "application", "json");
    }

    /** The q-value {@code accept} gives {@code type/subtype}, from its most specific matching range; 0 if none. */
    static double quality(String accept, String type, String subtype) {
        int bestSpecificity = -1;
        double best = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String media = parts[0].trim();
            int slash = media.indexOf('/');
            if (slash < 0) {
                continue;
            }
            String t = media.substring(0, slash).trim();
            String s = media.substring(slash + 1).trim();
            int specificity;
            if (t.equalsIgnoreCase(type) && s.equalsIgnoreCase(subtype)) {
                specificity = 2;
            } else if (t.equalsIgnoreCase(type) && s.equals("*")) {
                specificity = 1;
            } else if (t.equals("*") && s.equals("*")) {
                specificity = 0;
            } else {
                continue;
            }
            if (specificity > bestSpecificity) {
                bestSpecificity = specificity;
                best = q(parts);
            }
        }
        return best;
    }

    private static double q(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase("q")) {
                try {
                    double q = Double.parseDouble(p.substring(eq + 1).trim());
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
