package org.camelot.server.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Run in a child JVM by {@link NativeLibrariesTest}: loads epoll and BoringSSL, then prints the Netty libraries mapped. */
public final class LoadNativeLibraries {

    private LoadNativeLibraries() {
    }

    public static void main(String[] args) throws Exception {
        io.netty.channel.epoll.Epoll.ensureAvailability();
        io.netty.handler.ssl.OpenSsl.ensureAvailability();
        try (var lines = Files.lines(Path.of("/proc/self/maps"))) {
            lines.filter(l -> l.contains("libnetty_")).map(l -> l.substring(l.indexOf('/')))
                    .distinct().forEach(System.out::println);
        }
    }
}
