package org.camelot.protocol.http.h2;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2FrameLogger;
import io.netty.handler.logging.LogLevel;

/**
 * A listener's HTTP/2 counters: {@code camelot.http2.streams} (streams opened by clients),
 * {@code camelot.http2.resets{direction}} (RST_STREAM frames sent and received) and
 * {@code camelot.http2.goaways{direction}} (GOAWAY frames sent and received).
 */
final class Http2Meters {

    private final Counter streams;
    private final Counter resetsSent;
    private final Counter resetsReceived;
    private final Counter goawaysSent;
    private final Counter goawaysReceived;

    Http2Meters(String listener, MeterRegistry meters) {
        streams = Counter.builder("camelot.http2.streams").tag("listener", listener)
                .description("HTTP/2 streams opened by clients").register(meters);
        resetsSent = resets(listener, meters, "sent");
        resetsReceived = resets(listener, meters, "received");
        goawaysSent = goaways(listener, meters, "sent");
        goawaysReceived = goaways(listener, meters, "received");
    }

    private static Counter resets(String listener, MeterRegistry meters, String direction) {
        return Counter.builder("camelot.http2.resets").tag("listener", listener).tag("direction", direction)
                .description("HTTP/2 RST_STREAM frames").register(meters);
    }

    private static Counter goaways(String listener, MeterRegistry meters, String direction) {
        return Counter.builder("camelot.http2.goaways").tag("listener", listener).tag("direction", direction)
                .description("HTTP/2 GOAWAY frames").register(meters);
    }

    void streamOpened() {
        streams.increment();
    }

    /**
     * A frame logger that counts resets and GOAWAYs as the codec reads and writes them (the codec tells its logger
     * of every frame, whether or not the logger's level is enabled), and logs frames at TRACE on
     * {@code camelot.http2.frames}.
     */
    Http2FrameLogger frameLogger() {
        return new Http2FrameLogger(LogLevel.TRACE, "camelot.http2.frames") {
            @Override
            public void logRstStream(Direction direction, ChannelHandlerContext ctx, int streamId, long errorCode) {
                (direction == Direction.OUTBOUND ? resetsSent : resetsReceived).increment();
                super.logRstStream(direction, ctx, streamId, errorCode);
            }

            @Override
            public void logGoAway(Direction direction, ChannelHandlerContext ctx, int lastStreamId, long errorCode,
                                  ByteBuf debugData) {
                (direction == Direction.OUTBOUND ? goawaysSent : goawaysReceived).increment();
                super.logGoAway(direction, ctx, lastStreamId, errorCode, debugData);
            }
        };
    }
}
