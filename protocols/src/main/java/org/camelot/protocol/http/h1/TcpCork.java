package org.camelot.protocol.http.h1;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code TCP_CORK} around a file sent with {@code sendfile}, as nginx's {@code tcp_nopush}: the kernel then sends
 * only full segments until the answer is out, which the receiver reads with fewer, larger copies. Only the epoll and
 * io_uring transports can set it; elsewhere this does nothing.
 */
final class TcpCork {

    private static final List<ChannelOption<Boolean>> OPTIONS = options();

    private TcpCork() {
    }

    /** Corks or uncorks; {@code false} when the channel's transport cannot. */
    static boolean set(Channel channel, boolean on) {
        for (ChannelOption<Boolean> option : OPTIONS) {
            try {
                if (channel.config().setOption(option, on)) {
                    return true;
                }
            } catch (ChannelException e) {
                return false;
            }
        }
        return false;
    }

    private static List<ChannelOption<Boolean>> options() {
        List<ChannelOption<Boolean>> out = new ArrayList<>(2);
        try {
            out.add(io.netty.channel.epoll.EpollChannelOption.TCP_CORK);
        } catch (LinkageError e) {
            // transport classes absent
        }
        try {
            out.add(io.netty.channel.uring.IoUringChannelOption.TCP_CORK);
        } catch (LinkageError e) {
            // transport classes absent
        }
        return List.copyOf(out);
    }
}
