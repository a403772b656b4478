package org.camelot.protocol.http;

import io.netty.channel.ChannelHandlerContext;
import java.util.List;

/**
 * The answer side of one request stream of a multiplexed wire (HTTP/2, HTTP/3): it writes a typed {@link Answer}
 * through the wire's {@link StreamSink} (a head alone, a body in memory at once, or any other body through a
 * {@link StreamPump}), and tells the {@link HttpService} once the answer is out or lost. Runs on the stream's event
 * loop.
 */
public final class StreamAnswer {

    private final HttpService service;
    private final StreamSink sink;
    private Exchange exchange;
    private Answer answer;
    private StreamPump pump;

    public StreamAnswer(HttpService service, StreamSink sink) {
        this.service = service;
        this.sink = sink;
    }

    /** Writes the answer to {@code exchange} on the stream of {@code ctx}; called once per stream. */
    public void send(ChannelHandlerContext ctx, Exchange exchange, Answer a) {
        this.exchange = exchange;
        this.answer = a;
        List<Answer.Part> parts = a.parts();
        if (parts.isEmpty()) {
            sink.headAlone(ctx, a, success -> sent(0, success));
        } else if (a.inMemory()) {
            sink.head(ctx, a);
            long bytes = 0;
            int last = parts.size() - 1;
            for (int i = 0; i < last; i++) {
                Answer.Bytes b = (Answer.Bytes) parts.get(i);
                bytes += b.content().readableBytes();
                sink.data(ctx, b.content());
            }
            Answer.Bytes end = (Answer.Bytes) parts.get(last);
            long total = bytes + end.content().readableBytes();
            sink.end(ctx, end.content(), success -> sent(total, success));
        } else {
            sink.head(ctx, a);
            pump = new StreamPump(ctx, sink, service.blocking(), parts, (bytes, success) -> {
                pump = null;
                sent(bytes, success);
            });
            pump.pump();
            ctx.flush();
        }
    }

    private void sent(long bytes, boolean success) {
        Answer a = answer;
        if (a == null) {
            return;
        }
        answer = null;
        a.resource().discard();
        service.sent(exchange, a, bytes, success);
    }

    /** The stream became writable again: a pumped body goes on. */
    public void writable() {
        if (pump != null) {
            pump.pump();
        }
    }

    /**
     * The stream was reset or closed before its answer was out: a pumped body stops and frees what it holds (an
     * answer in memory is already written: its writes fail and report it).
     */
    public void abort() {
        if (pump != null) {
            StreamPump p = pump;
            pump = null;
            p.abort();
        }
    }
}
