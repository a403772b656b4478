package org.camelot.testing;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;

/** A leak detector factory that remembers every leak Netty reports, so that a test can fail on it. */
public final class LeakRecorder extends ResourceLeakDetectorFactory {

    private static final List<String> leaks = new ArrayList<>();

    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
        return new ResourceLeakDetector<>(resource, samplingInterval) {
            @Override
            protected void reportTracedLeak(String resourceType, String records) {
                record("LEAK: " + resourceType + records);
                super.reportTracedLeak(resourceType, records);
            }

            @Override
            protected void reportUntracedLeak(String resourceType) {
                record("LEAK: " + resourceType + " (untraced)");
                super.reportUntracedLeak(resourceType);
            }
        };
    }

    private static synchronized void record(String leak) {
        leaks.add(leak);
    }

    /** Returns and forgets the leaks reported so far. */
    public static synchronized List<String> drain() {
        List<String> out = new ArrayList<>(leaks);
        leaks.clear();
        return out;
    }
}
