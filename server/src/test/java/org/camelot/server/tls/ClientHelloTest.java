package org.camelot.server.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/** The server name and ALPN protocols read from a real ClientHello (the JDK's), and what a broken one gives. */
class ClientHelloTest {

    /** The ClientHello message body a JDK client sends, without the record and handshake headers. */
    private static ByteBuf hello(String serverName, String... protocols) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        SSLEngine engine = context.createSSLEngine("peer", 443);
        engine.setUseClientMode(true);
        SSLParameters p = engine.getSSLParameters();
        p.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
        p.setApplicationProtocols(protocols);
        engine.setSSLParameters(p);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        return Unpooled.wrappedBuffer(out).skipBytes(5 + 4); // record header, handshake header
    }

    @Test
    void readsTheServerNameAndTheProtocols() throws Exception {
        ByteBuf body = hello("WWW.Example.COM", "acme-tls/1", "http/1.1");
        ClientHello h = ClientHello.parse(body);
        assertEquals("www.example.com", h.serverName());
        assertEquals(List.of("acme-tls/1", "http/1.1"), h.protocols());
        body.release();
    }

    @Test
    void noExtensionsGiveNothing() throws Exception {
        ByteBuf body = hello(null);
        ClientHello h = ClientHello.parse(body);
        assertNull(h.serverName());
        assertEquals(List.of(), h.protocols());
        body.release();
    }

    @Test
    void aTruncatedHelloGivesWhatCouldBeRead() throws Exception {
        ByteBuf body = hello("example.com", "h2");
        for (int cut = 0; cut < body.readableBytes(); cut += 7) {
            ClientHello.parse(body.slice(body.readerIndex(), cut)); // never throws, never reads past the end
        }
        body.release();
    }
}
