package org.camelot.client.bench.workload;

/**
 * The status of an answer on a stream (HTTP/2, HTTP/3), from its heads: interim 1xx heads are passed over, and at the
 * end of the stream the final one says how the operation ended.
 */
final class FinalStatus {

    private int status;

    /**
     * Takes a head's {@code :status}, unless a final one came already (a later head holds trailers).
     *
     * @return false when the status is missing or not a number from 100 up
     */
    boolean head(CharSequence value) {
        if (status >= 200) {
            return true;
        }
        status = parse(value);
        return status >= 100;
    }

    /** At the end of the stream: the operation's error kind ({@code http-404}, {@code bad-response}), or null. */
    String failure() {
        return status < 200 ? "bad-response" : status >= 400 ? "http-" + status : null;
    }

    private static int parse(CharSequence s) {
        try {
            return s == null ? 0 : Integer.parseInt(s.toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
