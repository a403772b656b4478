package org.camelot.protocol.http.h2;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.DecoratingHttp2ConnectionDecoder;
import io.netty.handler.codec.http2.DecoratingHttp2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2FrameListenerDecorator;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How many SETTINGS and PING frames one client may send (CVE-2019-9512, CVE-2019-9515): the server must acknowledge
 * each, so a client that sends them without end makes the server write without end, and queue what it cannot send
 * when the client does not read. Netty's limit on queued control frames only bites once the socket stops taking
 * writes, which depends on buffer sizes the kernel tunes; this budget counts what the client sends, so a flood is
 * cut after the same number of frames whatever the buffers.
 *
 * <p>A token bucket per connection, as Envoy and gRPC relate control frames to useful work: the connection starts
 * with {@code max} tokens; each SETTINGS or PING frame (not an acknowledgement) costs one; tokens come back at
 * {@code max} per {@link #REFILL_SECONDS} and one for each HEADERS or DATA frame the server writes, never above
 * {@code max}. So keep-alive pings, a SETTINGS change now and then, and a client that pings for every answer frame
 * it receives (gRPC's bandwidth probes do) never run out. A client with no token left gets GOAWAY
 * {@code ENHANCE_YOUR_CALM}, and the rest of what it sent is not read.
 */
final class ControlFrameBudget {

    /** The time in which an empty budget fills up again. */
    static final int REFILL_SECONDS = 10;

    private final int max;
    private final long nanosPerToken;
    private long tokens;
    private long refilled;
    private boolean spent;

    ControlFrameBudget(int max, long now) {
        this.max = max;
        this.nanosPerToken = TimeUnit.SECONDS.toNanos(REFILL_SECONDS) / max;
        this.tokens = max;
        this.refilled = now;
    }

    /** Takes a token for a control frame read at {@code now}; {@code false} when there was none left. */
    boolean spend(long now) {
        long earned = (now - refilled) / nanosPerToken;
        if (earned > 0) {
            tokens = Math.min(max, tokens + earned);
            refilled = tokens == max ? now : refilled + earned * nanosPerToken;
        }
        if (tokens == 0) {
            spent = true;
            return false;
        }
        tokens--;
        return true;
    }

    /** The server wrote a frame of an answer: one token back. */
    void earn() {
        if (tokens < max) {
            tokens++;
        }
    }

    /** Whether the client has gone past the budget (its connection is being closed). */
    boolean spent() {
        return spent;
    }

    /**
     * Netty's codec builder, with a budget of {@code max} control frames put between the codec and its decoder and
     * encoder on each connection it builds, over {@code connection} (a new one for each codec).
     */
    static Http2FrameCodecBuilder codecBuilder(int max, Http2Connection connection) {
        return new Http2FrameCodecBuilder() {
            {
                connection(connection);
            }

            @Override
            protected Http2FrameCodec build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
                                            Http2Settings initialSettings) {
                ControlFrameBudget budget = new ControlFrameBudget(max, System.nanoTime());
                return super.build(new Counting(decoder, budget), new Crediting(encoder, budget), initialSettings);
            }
        };
    }

    /** Charges the client's SETTINGS and PING frames to the budget; reads nothing more once it is spent. */
    private static final class Counting extends DecoratingHttp2ConnectionDecoder {
        private final ControlFrameBudget budget;

        Counting(Http2ConnectionDecoder delegate, ControlFrameBudget budget) {
            super(delegate);
            this.budget = budget;
        }

        @Override
        public void decodeFrame(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Http2Exception {
            if (budget.spent()) {
                // the GOAWAY is out and the connection closing: what follows the flood is not worth decoding
                in.skipBytes(in.readableBytes());
                return;
            }
            super.decodeFrame(ctx, in, out);
        }

        @Override
        public void frameListener(Http2FrameListener listener) {
            super.frameListener(listener == null ? null : new Charging(listener, this));
        }

        @Override
        public Http2FrameListener frameListener() {
            // the listener that was set, as Netty's own decorating decoders return it
            Http2FrameListener l = super.frameListener();
            return l instanceof Charging c ? c.inner() : l;
        }

        void charge(ChannelHandlerContext ctx) throws Http2Exception {
            // Netty has acknowledged the frame already; the GOAWAY follows that one acknowledgement
            // System.nanoTime, as where the budget was made (an executor's ticker counts from another origin)
            if (!budget.spend(System.nanoTime())) {
                // thrown once per connection: the decoder reads nothing after it
                throw Http2Exception.connectionError(Http2Error.ENHANCE_YOUR_CALM, "too many SETTINGS and PING frames");
            }
        }
    }

    /** The frame listener that charges each SETTINGS and PING frame as it is read. */
    private static final class Charging extends Http2FrameListenerDecorator {
        private final Counting decoder;

        Charging(Http2FrameListener listener, Counting decoder) {
            super(listener);
            this.decoder = decoder;
        }

        Http2FrameListener inner() {
            return listener;
        }

        @Override
        public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) throws Http2Exception {
            decoder.charge(ctx);
            super.onSettingsRead(ctx, settings);
        }

        @Override
        public void onPingRead(ChannelHandlerContext ctx, long data) throws Http2Exception {
            decoder.charge(ctx);
            super.onPingRead(ctx, data);
        }
    }

    /** Gives a token back for each HEADERS and DATA frame the server writes. */
    private static final class Crediting extends DecoratingHttp2ConnectionEncoder {
        private final ControlFrameBudget budget;

        Crediting(Http2ConnectionEncoder delegate, ControlFrameBudget budget) {
            super(delegate);
            this.budget = budget;
        }

        @Override
        public ChannelFuture writeData(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding,
                                       boolean endStream, ChannelPromise promise) {
            budget.earn();
            return super.writeData(ctx, streamId, data, padding, endStream, promise);
        }

        @Override
        public ChannelFuture writeHeaders(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
                                          boolean endStream, ChannelPromise promise) {
            budget.earn();
            return super.writeHeaders(ctx, streamId, headers, padding, endStream, promise);
        }

        @Override
        public ChannelFuture writeHeaders(ChannelHandlerContext ctx, int streamId, Http2Headers headers,
                                          int streamDependency, short weight, boolean exclusive, int padding,
                                          boolean endStream, ChannelPromise promise) {
            budget.earn();
            return super.writeHeaders(ctx, streamId, headers, streamDependency, weight, exclusive, padding, endStream,
                    promise);
        }
    }
}
