package org.camelot.server.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.camelot.protocol.InvalidSettingException;
import org.camelot.protocol.Protocol;
import org.camelot.protocol.upper.UpperProvider;
import org.camelot.protocol.upper.UpperSettings;
import org.camelot.server.config.CamelotConfig;
import org.camelot.server.config.ConcurrencyModel;
import org.camelot.server.config.ConcurrencySettings;
import org.camelot.server.config.ConfigException;
import org.camelot.server.config.ConfigLoader;
import org.camelot.server.config.ListenerCommon;
import org.camelot.server.config.ListenerConfig;
import org.camelot.server.config.TransportKind;
import org.camelot.server.config.WorkSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code concurrency:} and {@code work:} keys of a listener: forms, defaults and the errors they give. */
class ConcurrencyConfigTest {

    @TempDir
    Path dir;

    private ListenerConfig load(String listenerKeys) throws Exception {
        Path file = dir.resolve("camelot.yaml");
        Files.writeString(file, "listeners:\n  lab:\n    protocol: upper\n    port: 0\n" + listenerKeys.indent(4));
        return new ConfigLoader().load(file, List.of()).listeners().get(0);
    }

    private String error(String listenerKeys) {
        return assertThrows(ConfigException.class, () -> load(listenerKeys)).getMessage();
    }

    @Test
    void defaultsToTheSharedEventLoops() throws Exception {
        ListenerConfig l = load("");
        assertEquals(ConcurrencyModel.EVENT_LOOP, l.concurrency().model());
        assertFalse(l.concurrency().ownEventLoops());
        assertFalse(l.work().any());
    }

    @Test
    void readsAModelNameAloneWithItsDefaults() throws Exception {
        ConcurrencySettings c = load("concurrency: thread-pool").concurrency();
        assertEquals(ConcurrencyModel.THREAD_POOL, c.model());
        assertEquals(10, c.threads());
        assertEquals(ConcurrencyModel.VIRTUAL_THREADS, load("concurrency: virtual-threads").concurrency().model());
    }

    @Test
    void readsABlockWithKebabCaseKeys() throws Exception {
        ConcurrencySettings c = load("concurrency:\n  model: processes\n  processes: 3\n  process-model: thread-pool\n"
                + "  threads: 4").concurrency();
        assertEquals(3, c.processes());
        assertEquals(ConcurrencyModel.THREAD_POOL, c.worker().model());
        assertEquals(4, c.worker().threads());
        ConcurrencySettings own = load("concurrency: {model: event-loop, transport: nio, threads: 1}").concurrency();
        assertTrue(own.ownEventLoops());
        assertEquals(TransportKind.NIO, own.transport());
    }

    @Test
    void refusesAnUnknownModelListingTheKnownOnes() {
        String m = error("concurrency: forking");
        assertTrue(m.contains("listeners.lab.concurrency.model: \"forking\""), m);
        assertTrue(m.contains("event-loop, sequential, thread-per-connection, thread-pool, virtual-threads, processes"), m);
    }

    @Test
    void refusesKeysThatDoNotApplyToTheModel() {
        String m = error("concurrency: {model: virtual-threads, threads: 4}");
        assertTrue(m.contains("listeners.lab.concurrency.threads: 4"), m);
        assertTrue(m.contains("no threads key with model virtual-threads"), m);
        assertTrue(error("concurrency: {model: thread-pool, transport: epoll}")
                .contains("listeners.lab.concurrency.transport"));
        assertTrue(error("concurrency: {model: sequential, threads: 2}").contains("listeners.lab.concurrency.threads: 2"));
        assertTrue(error("concurrency: {model: processes, process-model: processes}")
                .contains("listeners.lab.concurrency.process-model"));
        assertTrue(error("concurrency: {model: processes, process-model: virtual-threads, threads: 3}")
                .contains("listeners.lab.concurrency.threads: 3"));
        assertTrue(error("concurrency: {model: thread-pool, threads: 0}")
                .contains("listeners.lab.concurrency.threads: 0 (expected: an integer from 1 to 10000)"));
        assertTrue(error("concurrency: {model: thread-pool, thred: 3}").contains("did you mean \"threads\""));
        assertTrue(error("concurrency: [thread-pool]").contains("listeners.lab.concurrency"));
    }

    @Test
    void validatesTheWorkBlock() throws Exception {
        WorkSettings w = load("work: {cpu-micros: 50, sleep-millis: 5}").work();
        assertEquals(50, w.cpuMicros());
        assertEquals(5, w.sleepMillis());
        assertTrue(w.any());
        assertTrue(error("work: {sleep-millis: -1}").contains("listeners.lab.work.sleep-millis: -1"));
        assertTrue(error("work: {cpu-micro: 1}").contains("did you mean \"cpu-micros\""));
    }

    @Test
    void refusesProxyProtocolHeadersForBlockingModels() {
        String m = error("proxy-protocol: true\nconcurrency: thread-pool");
        assertTrue(m.contains("listeners.lab.proxy-protocol: true (expected: false with concurrency model thread-pool"), m);
        assertTrue(error("proxy-protocol: true\nconcurrency: {model: processes, process-model: sequential}")
                .contains("listeners.lab.proxy-protocol"));
    }

    @Test
    void keepsDatagramListenersOnEventLoops() throws Exception {
        Path file = dir.resolve("camelot.yaml");
        Files.writeString(file, "listeners:\n  udp:\n    protocol: test-discard-datagram\n    port: 0\n"
                + "    concurrency: virtual-threads\n");
        String m = assertThrows(ConfigException.class, () -> new ConfigLoader().load(file, List.of())).getMessage();
        assertTrue(m.contains("listeners.udp.concurrency: \"virtual-threads\" (expected: event-loop: a datagram"), m);
    }

    @Test
    void suggestsConcurrencyForAMisspeltListenerKey() {
        assertTrue(error("concurency: thread-pool").contains("did you mean \"concurrency\""));
    }

    /** A protocol with no framed logic, as HTTP is: it runs on event loops only. */
    private static final Protocol EVENT_LOOP_ONLY = (Channel ch) -> { };

    private static ListenerConfig listener(ConcurrencySettings c, WorkSettings work) {
        return new ListenerConfig("web", new UpperProvider(), new UpperSettings(null),
                new InetSocketAddress("127.0.0.1", 0), null, null,
                new ListenerCommon("upper", "127.0.0.1", 0, null, null, null, null, null, null, null, null), c, work);
    }

    @Test
    void refusesABlockingModelForAProtocolWithoutFramedLogic() {
        ConcurrencySettings pool = new ConcurrencySettings(ConcurrencyModel.THREAD_POOL, null, null, null, null);
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> ModelServers.check(listener(pool, WorkSettings.NONE), EVENT_LOOP_ONLY));
        assertEquals("listeners.web.concurrency", e.under("listeners.web").key());
        assertTrue(e.expected().startsWith("event-loop: protocol upper runs on event loops only"), e.expected());
        ConcurrencySettings processes = new ConcurrencySettings(ConcurrencyModel.PROCESSES, null, null, 2,
                ConcurrencyModel.VIRTUAL_THREADS);
        assertThrows(InvalidSettingException.class,
                () -> ModelServers.check(listener(processes, WorkSettings.NONE), EVENT_LOOP_ONLY));
        ConcurrencySettings eventLoopProcesses = new ConcurrencySettings(ConcurrencyModel.PROCESSES, null, null, 2,
                null);
        ModelServers.check(listener(eventLoopProcesses, WorkSettings.NONE), EVENT_LOOP_ONLY);
        ModelServers.check(listener(ConcurrencySettings.DEFAULT, WorkSettings.NONE), EVENT_LOOP_ONLY);
    }

    @Test
    void refusesSimulatedWorkForAProtocolWithoutFramedLogic() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> ModelServers.check(
                listener(ConcurrencySettings.DEFAULT, new WorkSettings(0, 5)), EVENT_LOOP_ONLY));
        assertEquals("work", e.key());
    }

    @Test
    void keepsTheOverridesForProcessesToLoadTheSameConfiguration() throws Exception {
        Path file = dir.resolve("camelot.yaml");
        Files.writeString(file, "listeners:\n  lab:\n    protocol: upper\n    port: 0\n"
                + "    concurrency: {model: processes, processes: 2, process-model: thread-pool}\n"
                + "  other:\n    protocol: upper\n    port: 0\n");
        CamelotConfig root = new ConfigLoader().load(file, List.of("listeners.lab.max-line-length=99"));
        assertEquals(List.of("listeners.lab.max-line-length=99"), root.overrides());
        CamelotConfig worker = ProcessGroup.workerConfig(root, "lab");
        assertEquals(1, worker.listeners().size());
        assertEquals(ConcurrencyModel.THREAD_POOL, worker.listeners().get(0).concurrency().model());
        assertTrue(worker.listeners().get(0).door().reusePort());
        assertThrows(IllegalArgumentException.class, () -> ProcessGroup.workerConfig(root, "other"));
    }

    @Test
    void leavesLogFilesToTheDaemonAlone() throws Exception {
        Path file = dir.resolve("camelot.yaml");
        Files.writeString(file, "logging: {level: warn, file: camelot.log}\n"
                + "listeners:\n  lab:\n    protocol: upper\n    port: 0\n    concurrency: processes\n");
        CamelotConfig worker = ProcessGroup.workerConfig(new ConfigLoader().load(file, List.of()), "lab");
        assertEquals(null, worker.logging().file());
        assertTrue(worker.logging().console());
        assertEquals("warn", worker.logging().level());
    }
}
