package org.camelot.server.tls;

import io.netty.buffer.ByteBuf;
import io.netty.util.CharsetUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the server needs from a TLS ClientHello before it picks a certificate: the server name (SNI, RFC 6066) and
 * the application protocols offered (ALPN, RFC 7301). A malformed hello gives what could be read; the TLS engine
 * then refuses it with the right alert.
 *
 * @param serverName the host name asked for, lower case, or {@code null}
 * @param protocols  the ALPN protocol names offered, empty when none
 */
record ClientHello(String serverName, List<String> protocols) {

    static final ClientHello NONE = new ClientHello(null, List.of());
    private static final int SERVER_NAME = 0;
    private static final int ALPN = 16;

    /** @param body the ClientHello message body, from client_version on */
    static ClientHello parse(ByteBuf body) {
        int offset = body.readerIndex() + 34; // client_version and random
        int end = body.writerIndex();
        if (end - offset < 1) {
            return NONE;
        }
        offset += 1 + body.getUnsignedByte(offset); // session_id
        if (end - offset < 2) {
            return NONE;
        }
        offset += 2 + body.getUnsignedShort(offset); // cipher_suites
        if (end - offset < 1) {
            return NONE;
        }
        offset += 1 + body.getUnsignedByte(offset); // compression_methods
        if (end - offset < 2) {
            return NONE;
        }
        int limit = Math.min(end, offset + 2 + body.getUnsignedShort(offset));
        offset += 2;
        String serverName = null;
        List<String> protocols = new ArrayList<>();
        while (limit - offset >= 4) {
            int type = body.getUnsignedShort(offset);
            int length = body.getUnsignedShort(offset + 2);
            offset += 4;
            if (limit - offset < length) {
                break;
            }
            if (type == SERVER_NAME) {
                serverName = serverName(body, offset, offset + length);
            } else if (type == ALPN) {
                protocols(body, offset, offset + length, protocols);
            }
            offset += length;
        }
        return new ClientHello(serverName, List.copyOf(protocols));
    }

    private static String serverName(ByteBuf body, int offset, int end) {
        // server_name_list<1..2^16-1>: name_type (0 = host_name), then a 16-bit length and the name
        offset += 2;
        while (end - offset >= 3) {
            int type = body.getUnsignedByte(offset);
            int length = body.getUnsignedShort(offset + 1);
            offset += 3;
            if (end - offset < length) {
                return null;
            }
            if (type == 0) {
                return body.toString(offset, length, CharsetUtil.US_ASCII).toLowerCase(Locale.ROOT);
            }
            offset += length;
        }
        return null;
    }

    private static void protocols(ByteBuf body, int offset, int end, List<String> out) {
        offset += 2; // protocol_name_list length
        while (end - offset >= 1) {
            int length = body.getUnsignedByte(offset);
            offset += 1;
            if (end - offset < length) {
                return;
            }
            out.add(body.toString(offset, length, CharsetUtil.US_ASCII));
            offset += length;
        }
    }
}
