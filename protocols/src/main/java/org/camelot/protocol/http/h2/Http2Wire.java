package org.camelot.protocol.http.h2;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2RemoteFlowController;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.WeightedFairQueueByteDistributor;
import io.netty.util.AsciiString;
import org.camelot.protocol.http.HttpService;
import org.camelot.protocol.http.HttpSettings;

/**
 * The HTTP/2 wire of a listener: per connection Netty's {@link Http2FrameCodec} with the listener's settings and
 * limits, an {@link Http2MultiplexHandler} that gives each stream a child channel with an {@link Http2Stream}, and
 * an {@link Http2Connection} for GOAWAY on drain and the idle timeout.
 *
 * <p>The protections against the known HTTP/2 attacks: SETTINGS and PING floods by a {@link ControlFrameBudget}
 * per connection (GOAWAY ENHANCE_YOUR_CALM past it); the others are Netty's, set here explicitly: rapid reset
 * (CVE-2023-44487) by a limit on RST_STREAM frames per window, and MadeYouReset (CVE-2025-8671) by the same limit
 * on the RST_STREAM frames the server is made to send (GOAWAY ENHANCE_YOUR_CALM past either); control frames
 * queued for a client that does not read (acknowledgements, RST_STREAM) by a limit on the queue (the connection is
 * closed past it); empty DATA frame floods; HPACK bombs and CONTINUATION floods by the header list limit, checked
 * while the block is decoded, with GOAWAY when a block goes far past it; WINDOW_UPDATE overflow by flow control.
 */
public final class Http2Wire {

    /** Handler names in the connection's pipeline. */
    public static final String CODEC = "h2";
    public static final String STREAMS = "h2-streams";
    public static final String CONNECTION = "h2-connection";

    /**
     * RST_STREAM frames a client may send, or make the server send (other than CANCEL and NO_ERROR), per
     * {@link #RST_WINDOW_SECONDS} before GOAWAY ENHANCE_YOUR_CALM.
     */
    static final int MAX_RST_PER_WINDOW = 200;
    static final int RST_WINDOW_SECONDS = 30;
    /** Control frames (SETTINGS and PING acknowledgements, RST_STREAM) queued for a client that does not read. */
    static final int MAX_QUEUED_CONTROL_FRAMES = 1000;
    /** Consecutive empty DATA frames a client may send (CVE-2019-9518). */
    static final int MAX_EMPTY_DATA_FRAMES = 2;

    static final long GOAWAY_FLUSH_MILLIS = 500;

    /**
     * The least a stream is given to send when several streams share the connection: one DATA frame of the
     * smallest maximum frame size a client can set (RFC 9113 4.2), so that frames are full.
     */
    static final int ALLOCATION_QUANTUM = Http2CodecUtil.DEFAULT_MAX_FRAME_SIZE;

    private final HttpService service;
    private final Http2Meters meters;
    private final AsciiString serverHeader;
    private final Http2Settings settings;
    private final ChannelHandler streamInitializer;

    public Http2Wire(HttpService service, String listener, MeterRegistry registry) {
        this.service = service;
        this.meters = new Http2Meters(listener, registry);
        HttpSettings s = service.settings();
        this.serverHeader = s.serverHeader().isEmpty() ? null : AsciiString.cached(s.serverHeader());
        this.settings = Http2Settings.defaultSettings()
                .maxConcurrentStreams(s.http2MaxConcurrentStreams())
                .initialWindowSize(s.http2InitialWindowSize())
                .maxFrameSize(s.http2MaxFrameSize())
                .maxHeaderListSize(s.http2MaxHeaderListSize())
                .headerTableSize(s.http2HeaderTableSize());
        this.streamInitializer = new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel ch) {
                meters.streamOpened();
                if (ch.parent().pipeline().get(Http2Connection.class) instanceof Http2Connection c) {
                    c.streamOpened(ch);
                }
                ch.pipeline().addLast("h2-stream", new Http2Stream(Http2Wire.this));
            }

            @Override
            public boolean isSharable() {
                return true;
            }
        };
    }

    HttpService service() {
        return service;
    }

    AsciiString serverHeader() {
        return serverHeader;
    }

    private Http2FrameCodec codec() {
        return ControlFrameBudget.codecBuilder(service.settings().http2MaxControlFrames(), nettyConnection())
                .initialSettings(settings)
                .validateHeaders(true)
                .decoderEnforceMaxRstFramesPerWindow(MAX_RST_PER_WINDOW, RST_WINDOW_SECONDS)
                // MadeYouReset (CVE-2025-8671): the same limit on resets the client provokes the server to send
                .encoderEnforceMaxRstFramesPerWindow(MAX_RST_PER_WINDOW, RST_WINDOW_SECONDS)
                .encoderEnforceMaxQueuedControlFrames(MAX_QUEUED_CONTROL_FRAMES)
                .decoderEnforceMaxConsecutiveEmptyDataFrames(MAX_EMPTY_DATA_FRAMES)
                .decoupleCloseAndGoAway(true)
                // after a connection error, how long the GOAWAY may take to go out before the close: short, since
                // a flooding client that does not read would otherwise keep the connection for the default 30s
                .gracefulShutdownTimeoutMillis(GOAWAY_FLUSH_MILLIS)
                .frameLogger(meters.frameLogger())
                .build();
    }

    /**
     * Netty's connection state with its remote flow controller, whose byte distributor gives each stream at least
     * {@link #ALLOCATION_QUANTUM} bytes at a time. Netty's default (1 KiB) shares the bytes the socket takes among
     * all the streams with something to send, so with many streams each DATA frame carried about 1 KiB: 16 times
     * the frames, promises and TLS-queue entries of full frames for the same bytes.
     */
    private static io.netty.handler.codec.http2.Http2Connection nettyConnection() {
        DefaultHttp2Connection connection = new DefaultHttp2Connection(true);
        WeightedFairQueueByteDistributor distributor = new WeightedFairQueueByteDistributor(connection);
        distributor.allocationQuantum(ALLOCATION_QUANTUM);
        connection.remote().flowController(new DefaultHttp2RemoteFlowController(connection, distributor));
        return connection;
    }

    private Http2MultiplexHandler multiplexer() {
        return new Http2MultiplexHandler(streamInitializer, streamInitializer);
    }

    private Http2Connection connection() {
        return new Http2Connection(service.settings().keepAliveTimeout().toNanos());
    }

    /** Adds the wire's handlers after {@code base} (after TLS and ALPN, or in place of HTTP/1.1 on a preface). */
    public void installAfter(ChannelPipeline p, String base) {
        p.addAfter(base, CODEC, codec());
        p.addAfter(CODEC, STREAMS, multiplexer());
        p.addAfter(STREAMS, CONNECTION, connection());
    }

    /** The codec that takes a cleartext connection from HTTP/1.1 to HTTP/2 on {@code Upgrade: h2c}. */
    public Http2ServerUpgradeCodec upgradeCodec() {
        return new Http2ServerUpgradeCodec(CODEC, codec(), multiplexer(), connection());
    }
}
