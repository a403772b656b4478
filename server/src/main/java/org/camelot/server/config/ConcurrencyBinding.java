package org.camelot.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.camelot.protocol.InvalidSettingException;
import org.camelot.protocol.SocketType;

/** Binds a listener's {@code concurrency:} key: a model name alone ({@code concurrency: thread-pool}) or a block. */
final class ConcurrencyBinding {

    private ConcurrencyBinding() {
    }

    /**
     * @param path the listener's key path, e.g. {@code listeners.launcelot}
     * @param node the value of its {@code concurrency} key, or {@code null}
     */
    static ConcurrencySettings bind(String path, JsonNode node, SocketType socketType, ListenerConfig.Door door,
                                    YamlSettingsBinder binder) {
        String key = path + ".concurrency";
        ConcurrencySettings settings;
        if (node == null || node.isNull()) {
            settings = ConcurrencySettings.DEFAULT;
        } else if (node.isTextual()) {
            settings = binder.bind(JsonNodeFactory.instance.objectNode().put("model", node.textValue()),
                    ConcurrencySettings.class, key);
        } else if (node.isObject()) {
            settings = binder.bind(node, ConcurrencySettings.class, key);
        } else {
            throw new InvalidSettingException(key, node.toString(),
                    "a model name (event-loop, sequential, thread-per-connection, thread-pool, virtual-threads, "
                            + "processes) or a block with model: and its keys");
        }
        if (socketType == SocketType.DATAGRAM && settings.model() != ConcurrencyModel.EVENT_LOOP) {
            throw new InvalidSettingException(key, settings.model().toString(),
                    "event-loop: a datagram (UDP) listener runs on event loops only");
        }
        ConcurrencyModel runs = settings.model() == ConcurrencyModel.PROCESSES ? settings.processModel()
                : settings.model();
        if (door.proxyProtocol() && runs.blocking()) {
            throw new InvalidSettingException(path + ".proxy-protocol", true, "false with concurrency model " + runs
                    + " (PROXY protocol headers are read on event loops only)");
        }
        return settings;
    }
}
