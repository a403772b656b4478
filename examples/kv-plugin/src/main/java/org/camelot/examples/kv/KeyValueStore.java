package org.camelot.examples.kv;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.camelot.protocol.framed.FramedProtocol;
import org.camelot.protocol.framed.Framing;
import org.camelot.protocol.framed.Reply;

/**
 * The {@code kv} protocol: one command per line, one answer line per command.
 *
 * <pre>
 * SET key value   -&gt; OK            (ERROR full when max-entries keys are kept and key is new)
 * GET key         -&gt; VALUE value   or NOT_FOUND
 * DEL key         -&gt; DELETED       or NOT_FOUND
 * QUIT            -&gt; BYE, then the connection closes
 * </pre>
 *
 * Keys are one word; a value is the rest of the line. One store serves every connection of the listener, so it is a
 * concurrent map: the same instance answers on event loops and under the blocking concurrency models.
 */
final class KeyValueStore implements FramedProtocol {

    private static final byte[] OK = line("OK");
    private static final byte[] NOT_FOUND = line("NOT_FOUND");
    private static final byte[] DELETED = line("DELETED");
    private static final byte[] FULL = line("ERROR full");
    private static final byte[] BYE = line("BYE");
    private static final byte[] USAGE = line("ERROR expected SET key value, GET key, DEL key or QUIT");

    private final Framing framing;
    private final int maxEntries;
    private final ConcurrentHashMap<String, String> entries = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private final byte[] tooLong;

    KeyValueStore(KvSettings settings) {
        this.framing = new Framing((byte) '\n', settings.maxLineLength(), false);
        this.maxEntries = settings.maxEntries();
        this.tooLong = line("ERROR line too long (max " + settings.maxLineLength() + " bytes)");
    }

    @Override
    public Framing framing() {
        return framing;
    }

    @Override
    public Reply answer(byte[] frame) {
        String text = new String(frame, UTF_8);
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        String[] parts = text.split(" ", 3);
        String command = parts[0];
        if (command.equals("QUIT") && parts.length == 1) {
            return Reply.sendAndClose(BYE);
        }
        if (parts.length < 2 || parts[1].isEmpty()) {
            return Reply.send(USAGE);
        }
        String key = parts[1];
        return switch (command) {
            case "SET" -> parts.length == 3 ? Reply.send(set(key, parts[2])) : Reply.send(USAGE);
            case "GET" -> {
                String value = parts.length == 2 ? entries.get(key) : null;
                yield parts.length != 2 ? Reply.send(USAGE)
                        : Reply.send(value == null ? NOT_FOUND : line("VALUE " + value));
            }
            case "DEL" -> {
                if (parts.length != 2) {
                    yield Reply.send(USAGE);
                }
                boolean removed = entries.remove(key) != null;
                if (removed) {
                    size.decrementAndGet();
                }
                yield Reply.send(removed ? DELETED : NOT_FOUND);
            }
            default -> Reply.send(USAGE);
        };
    }

    private byte[] set(String key, String value) {
        if (entries.replace(key, value) != null) {
            return OK;
        }
        // A new key takes a place first, so that racing SETs never keep more than max-entries keys.
        if (size.incrementAndGet() > maxEntries) {
            size.decrementAndGet();
            return FULL;
        }
        if (entries.putIfAbsent(key, value) != null) {
            size.decrementAndGet();
            entries.put(key, value);
        }
        return OK;
    }

    @Override
    public Reply tooLong(String remoteAddress) {
        return Reply.send(tooLong);
    }

    private static byte[] line(String text) {
        return (text + "\n").getBytes(UTF_8);
    }
}
