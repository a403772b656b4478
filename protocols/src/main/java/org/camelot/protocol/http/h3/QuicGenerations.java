package org.camelot.protocol.http.h3;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionIdGenerator;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The QUIC codecs of one UDP socket, one per set of {@link QuicLimits} in use, so that a reload that changes the
 * {@code quic-*} keys applies them to new connections while the socket stays bound and open connections keep the
 * limits they were accepted with (as nginx's reload does). Netty's codec fixes its limits when it is built, so each
 * set gets a codec of its own, a <em>generation</em>, placed after this handler in the socket's pipeline; a
 * generation that is no longer the newest is removed once its last connection has closed.
 *
 * <p>Each generation writes its number into byte {@value #GENERATION_BYTE} of the connection ids it issues (after
 * the two bytes of the socket's index that {@code QuicCodecDispatcher} writes), and every packet is handed to one
 * codec: a packet that carries an id the server issued (1-RTT, Handshake, an Initial returning a Retry token) to the
 * generation that issued it, and an Initial without a token, the start of a new connection, to the newest
 * generation, made first when the limits of the listener's current configuration differ from its own. Without
 * Retry, an Initial that a client sends again with its own id may, if a reload changed the limits between the two,
 * reach the newer codec and start a second connection there; the client keeps the first and the second times out.
 */
final class QuicGenerations extends ChannelInboundHandlerAdapter {

    /** Builds one generation's codec. */
    interface Codecs {
        /**
         * @param ids    the connection ids the codec issues, with the generation's number in them
         * @param opened told of every connection the codec accepts, on the socket's event loop
         */
        ChannelHandler codec(QuicLimits limits, QuicConnectionIdGenerator ids, Consumer<QuicChannel> opened);
    }

    static final int GENERATION_BYTE = 2;
    private static final Logger log = LoggerFactory.getLogger(QuicGenerations.class);
    private static final int INITIAL = 0;
    private static final int HANDSHAKE = 2;

    private final int idLength;
    private final QuicConnectionIdGenerator socketIds;
    private final Supplier<QuicLimits> current;
    private final Codecs codecs;
    /** Oldest first, in pipeline order; the last is the newest. */
    private final List<Generation> generations = new ArrayList<>();
    private ChannelHandlerContext ctx;
    private int nextNumber;

    /** One codec and what it carries. */
    private final class Generation {
        final int number;
        final QuicLimits limits;
        final String name;
        int connections;
        boolean retired;

        Generation(int number, QuicLimits limits) {
            this.number = number;
            this.limits = limits;
            this.name = ctx.name() + "-" + number;
        }

        /** Counts a connection until it closes; the last one out of an old generation removes its codec. */
        void opened(QuicChannel connection) {
            connections++;
            connection.closeFuture().addListener(f -> {
                connections--;
                if (connections == 0 && this != newest()) {
                    ctx.executor().execute(() -> retire(this));
                }
            });
        }
    }

    /**
     * @param idLength  the length of the connection ids the socket's codecs issue
     * @param socketIds the socket's connection ids, as the dispatcher makes them
     * @param current   the limits of the listener's current configuration
     */
    QuicGenerations(int idLength, QuicConnectionIdGenerator socketIds, Supplier<QuicLimits> current, Codecs codecs) {
        this.idLength = idLength;
        this.socketIds = socketIds;
        this.current = current;
        this.codecs = codecs;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        add(current.get());
    }

    private Generation newest() {
        return generations.get(generations.size() - 1);
    }

    /** A codec for {@code limits} after the newest one. */
    private Generation add(QuicLimits limits) {
        int number = nextNumber;
        // numbers are one byte: skip those of generations still carrying connections
        for (int tried = 0; numbered(number) != null; tried++) {
            if (tried == 256) {
                return newest(); // 256 codecs carry connections: new ones wait for one of them to go
            }
            number = (number + 1) & 0xFF;
        }
        nextNumber = (number + 1) & 0xFF;
        Generation g = new Generation(number, limits);
        String after = generations.isEmpty() ? ctx.name() : newest().name;
        ctx.pipeline().addAfter(after, g.name, codecs.codec(limits, numberedIds(number), g::opened));
        Generation previous = generations.isEmpty() ? null : newest();
        generations.add(g);
        if (previous != null) {
            log.debug("{}: QUIC limits changed; new connections get {}", ctx.channel(), limits);
            if (previous.connections == 0) {
                retire(previous);
            }
        }
        return g;
    }

    private void retire(Generation g) {
        if (g.retired || g == newest() || g.connections > 0) {
            return;
        }
        g.retired = true;
        generations.remove(g);
        ctx.pipeline().remove(g.name);
    }

    private Generation numbered(int number) {
        for (Generation g : generations) {
            if (g.number == number) {
                return g;
            }
        }
        return null;
    }

    /** The newest generation, first made anew if the listener's limits changed since it was. */
    private Generation forNewConnection() {
        Generation newest = newest();
        QuicLimits limits = current.get();
        return limits.equals(newest.limits) ? newest : add(limits);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Generation g = msg instanceof DatagramPacket p ? generationOf(p.content()) : newest();
        before(g).fireChannelRead(msg);
    }

    /** The generation a packet belongs to (RFC 9000 17: the header's form, type, ids and token). */
    private Generation generationOf(ByteBuf b) {
        int at = b.readerIndex();
        int length = b.readableBytes();
        if (length < 1 + idLength) {
            return newest(); // too short to be anything; the codec drops it
        }
        byte first = b.getByte(at);
        if ((first & 0x80) == 0) {
            return byId(b.getUnsignedByte(at + 1 + GENERATION_BYTE)); // short header: our id, then the packet
        }
        if (length < 7 || b.getInt(at + 1) != 1) {
            return newest(); // version negotiation, or a version other than 1
        }
        int type = (first & 0x30) >> 4;
        int dcidLength = b.getUnsignedByte(at + 5);
        int dcid = at + 6;
        if (type == INITIAL) {
            int scidLengthAt = dcid + dcidLength;
            if (scidLengthAt >= at + length) {
                return newest();
            }
            int tokenAt = scidLengthAt + 1 + b.getUnsignedByte(scidLengthAt);
            if (tokenAt >= at + length) {
                return newest();
            }
            if (varIntIsZero(b, tokenAt, at + length)) {
                return forNewConnection(); // no token: a client's own id, the start of a connection
            }
        } else if (type != HANDSHAKE) {
            return newest(); // 0-RTT is off; a Retry never comes to a server
        }
        return dcidLength == idLength ? byId(b.getUnsignedByte(dcid + GENERATION_BYTE)) : newest();
    }

    /** Whether the variable-length integer at {@code at} (RFC 9000 16: 1, 2, 4 or 8 bytes) is 0. */
    private static boolean varIntIsZero(ByteBuf b, int at, int end) {
        int size = 1 << ((b.getUnsignedByte(at) & 0xC0) >> 6);
        if (at + size > end || (b.getByte(at) & 0x3F) != 0) {
            return false;
        }
        for (int i = 1; i < size; i++) {
            if (b.getByte(at + i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** The generation that issued an id, or the newest when it is gone (its codec answers a stateless reset). */
    private Generation byId(int number) {
        Generation g = numbered(number);
        return g == null ? newest() : g;
    }

    /** The context just before a generation's codec, from which an event reaches that codec. */
    private ChannelHandlerContext before(Generation g) {
        int i = generations.indexOf(g);
        return i == 0 ? ctx : ctx.pipeline().context(generations.get(i - 1).name);
    }

    /** A codec ends a read itself and does not pass the event on, so each one is told. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        for (Generation g : List.copyOf(generations)) {
            if (!g.retired) {
                before(g).fireChannelReadComplete();
            }
        }
    }

    /** The socket's ids with this generation's number in them. */
    private QuicConnectionIdGenerator numberedIds(int number) {
        return new QuicConnectionIdGenerator() {
            @Override
            public ByteBuffer newId(int length) {
                return mark(socketIds.newId(length));
            }

            @Override
            public ByteBuffer newId(ByteBuffer input, int length) {
                return mark(socketIds.newId(input, length));
            }

            @Override
            public ByteBuffer newId(ByteBuffer scid, ByteBuffer dcid, int length) {
                return mark(socketIds.newId(scid, dcid, length));
            }

            @Override
            public int maxConnectionIdLength() {
                return socketIds.maxConnectionIdLength();
            }

            @Override
            public boolean isIdempotent() {
                return false;
            }

            private ByteBuffer mark(ByteBuffer id) {
                ByteBuffer copy = ByteBuffer.allocate(id.remaining()).put(id.duplicate()).flip();
                if (copy.remaining() > GENERATION_BYTE) {
                    copy.put(GENERATION_BYTE, (byte) number);
                }
                return copy;
            }
        };
    }
}
