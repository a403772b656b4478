package org.camelot.server.config;

import org.camelot.protocol.InvalidSettingException;
import org.camelot.protocol.Settings;

/**
 * A listener's {@code concurrency:} block (or its short form, a model name alone). Each key applies to some models
 * only; a key given for a model it does not apply to is refused rather than ignored.
 *
 * @param model          the concurrency model (default event-loop)
 * @param threads        event-loop: this listener's own event-loop threads (default 0: the daemon's shared loops);
 *                       thread-pool: the pool size (default 10, as the book's server_multi.py); sequential: 1
 * @param transport      event-loop: this listener's own transport (default: the daemon's shared loops)
 * @param processes      processes: how many server processes (default one per core)
 * @param processModel   processes: the model each process runs (default event-loop)
 */
public record ConcurrencySettings(ConcurrencyModel model, Integer threads, TransportKind transport, Integer processes,
                                  ConcurrencyModel processModel) {

    /** The default: the daemon's shared event loops. */
    public static final ConcurrencySettings DEFAULT = new ConcurrencySettings(null, null, null, null, null);

    public ConcurrencySettings {
        model = Settings.orDefault(model, ConcurrencyModel.EVENT_LOOP);
        if (model != ConcurrencyModel.PROCESSES) {
            refuse("processes", processes, model, "processes");
            refuse("process-model", processModel, model, "processes");
        }
        if (model != ConcurrencyModel.EVENT_LOOP && model != ConcurrencyModel.PROCESSES) {
            refuse("transport", transport, model, "event-loop and processes");
        }
        switch (model) {
            case EVENT_LOOP -> threads = Settings.range("threads", Settings.orDefault(threads, 0), 0, 1024);
            case SEQUENTIAL -> threads = Settings.range("threads", Settings.orDefault(threads, 1), 1, 1);
            case THREAD_POOL -> threads = Settings.range("threads", Settings.orDefault(threads, 10), 1, 10_000);
            case THREAD_PER_CONNECTION, VIRTUAL_THREADS ->
                    refuse("threads", threads, model, "event-loop, sequential, thread-pool and processes");
            case PROCESSES -> {
                processes = Settings.range("processes", Settings.orDefault(processes,
                        Runtime.getRuntime().availableProcessors()), 1, 256);
                processModel = Settings.orDefault(processModel, ConcurrencyModel.EVENT_LOOP);
                if (processModel == ConcurrencyModel.PROCESSES) {
                    throw new InvalidSettingException("process-model", "processes",
                            "event-loop, sequential, thread-per-connection, thread-pool or virtual-threads");
                }
                // Validates the keys that are passed on to each process's own model.
                new ConcurrencySettings(processModel, threads, transport, null, null);
            }
        }
    }

    private static void refuse(String key, Object value, ConcurrencyModel model, String appliesTo) {
        if (value != null) {
            throw new InvalidSettingException(key, value, "no " + key + " key with model " + model
                    + " (it applies to " + appliesTo + ")");
        }
    }

    /** What each process of the processes model runs: its process model, with the same threads and transport. */
    public ConcurrencySettings worker() {
        if (model != ConcurrencyModel.PROCESSES) {
            throw new IllegalStateException("not the processes model: " + model);
        }
        return new ConcurrencySettings(processModel, threads, transport, null, null);
    }

    /** Whether this event-loop listener has event loops of its own rather than the daemon's shared ones. */
    public boolean ownEventLoops() {
        return model == ConcurrencyModel.EVENT_LOOP && (threads > 0 || transport != null);
    }
}
