package org.camelot.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a listener serves its connections: Netty event loops, or one of the classic blocking designs. */
public enum ConcurrencyModel {
    /** Netty event loops: a few threads multiplex every connection (the default). */
    @JsonProperty("event-loop") EVENT_LOOP("event-loop"),
    /** One thread serves one connection at a time, to its end, then accepts the next (Python's TCPServer). */
    @JsonProperty("sequential") SEQUENTIAL("sequential"),
    /** An acceptor thread starts a new platform thread for each connection. */
    @JsonProperty("thread-per-connection") THREAD_PER_CONNECTION("thread-per-connection"),
    /** A fixed pool of threads, each accepting and then serving a connection to its end (server_multi.py). */
    @JsonProperty("thread-pool") THREAD_POOL("thread-pool"),
    /** An acceptor thread starts a new virtual thread for each connection. */
    @JsonProperty("virtual-threads") VIRTUAL_THREADS("virtual-threads"),
    /** Several server processes share the port through SO_REUSEPORT, started and stopped with the daemon. */
    @JsonProperty("processes") PROCESSES("processes");

    private final String key;

    ConcurrencyModel(String key) {
        this.key = key;
    }

    /** Whether connections are served by blocking reads and writes on threads of their own. */
    public boolean blocking() {
        return this != EVENT_LOOP && this != PROCESSES;
    }

    /** The name used in the configuration file. */
    @Override
    public String toString() {
        return key;
    }
}
