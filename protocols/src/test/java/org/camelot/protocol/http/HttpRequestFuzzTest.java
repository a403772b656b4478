package org.camelot.protocol.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any bytes, in reads of any size, into a connection's real pipeline ({@link FuzzSite}): whatever comes, nothing
 * escapes as an exception, no buffer leaks, no answer holds bytes from outside the web root or is a 500, and a
 * connection left alone is closed once its timeouts pass rather than held forever.
 *
 * <p>A seed is the bytes a client sends followed by three bytes read from the end: one whose low bit says whether
 * the clock then runs past the timeouts, and two giving the size of each read (1 to 4096).
 */
class HttpRequestFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void anyBytesGetWellFormedAnswers(FuzzedDataProvider data) {
        int readSize = data.consumeInt(1, 4096);
        boolean waitOut = data.consumeBoolean();
        byte[] input = data.consumeRemainingAsBytes();
        FuzzSite.Outcome outcome = FuzzSite.get().exchange(input, readSize, waitOut);
        for (int status : outcome.statuses()) {
            assertTrue(status >= 200 && status < 600 && status != 500, "status " + status + ":\n" + outcome.output());
        }
        if (waitOut) {
            assertTrue(outcome.closed(), "the connection outlived its timeouts:\n" + outcome.output());
        }
    }
}
