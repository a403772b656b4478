package org.camelot.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/native-libs.sh takes Netty's shared libraries for this machine out of a jar, and a JVM given that folder
 * as java.library.path (as scripts/camelot does) loads epoll and BoringSSL from it, not from copies unpacked into a
 * temporary directory.
 */
class NativeLibrariesTest {

    private static final Path SCRIPT = RepositoryFiles.root().resolve("scripts/native-libs.sh");
    private static final String ARCH = switch (System.getProperty("os.arch")) {
        case "amd64", "x86_64" -> "x86_64";
        case "aarch64" -> "aarch_64";
        default -> System.getProperty("os.arch");
    };

    @TempDir
    Path dir;

    @Test
    void librariesOfThisMachineAreTakenOutAndLoadedInPlace() throws Exception {
        // A jar holding what the server jar holds under META-INF/native: the libraries of every platform.
        Path jar = dir.resolve("server.jar");
        List<String> packed = packNativeLibraries(jar);
        assertTrue(packed.stream().anyMatch(n -> n.contains("tcnative_linux_" + ARCH)), packed.toString());
        assertTrue(packed.stream().anyMatch(n -> !n.contains(ARCH)), "libraries of other platforms too: " + packed);

        Path out = dir.resolve("native");
        Files.createDirectories(out.resolve("stale"));  // what was there before is replaced
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", SCRIPT.toString(), jar.toString(), out.toString())
                .redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), said);

        TreeSet<String> taken = new TreeSet<>();
        try (Stream<Path> files = Files.list(out)) {
            files.forEach(f -> taken.add(f.getFileName().toString()));
        }
        assertTrue(taken.contains("libnetty_transport_native_epoll_" + ARCH + ".so"), taken.toString());
        assertTrue(taken.contains("libnetty_tcnative_linux_" + ARCH + ".so"), taken.toString());
        assertTrue(taken.stream().allMatch(n -> n.endsWith(ARCH + ".so") && n.startsWith("libnetty_")),
                "only this machine's libraries: " + taken);
        assertFalse(taken.contains("stale"));

        // A JVM with that folder as java.library.path maps the libraries from it.
        Path unpackDir = Files.createDirectory(dir.resolve("unpack"));
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.library.path=" + out, "-Dio.netty.native.workdir=" + unpackDir,
                "-Dio.netty.native.deleteLibAfterLoading=false",
                "-cp", System.getProperty("java.class.path"), LoadNativeLibraries.class.getName()));
        Process child = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String maps = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), maps);
        assertTrue(maps.contains(out.resolve("libnetty_transport_native_epoll_" + ARCH + ".so").toString()), maps);
        assertTrue(maps.contains(out.resolve("libnetty_tcnative_linux_" + ARCH + ".so").toString()), maps);
        try (Stream<Path> unpacked = Files.list(unpackDir)) {
            assertEquals(List.of(), unpacked.toList(), "nothing unpacked from the jars");
        }
    }

    /** Copies every Netty library of the test class path's jars into one jar, as the shaded server jar holds them. */
    private static List<String> packNativeLibraries(Path target) throws IOException {
        List<String> names = new ArrayList<>();
        try (OutputStream file = Files.newOutputStream(target); JarOutputStream out = new JarOutputStream(file)) {
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                if (!entry.endsWith(".jar")) {
                    continue;
                }
                try (JarFile jar = new JarFile(entry)) {
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        JarEntry je = e.nextElement();
                        String name = je.getName();
                        if (name.startsWith("META-INF/native/libnetty_") && !names.contains(name)) {
                            names.add(name);
                            out.putNextEntry(new JarEntry(name));
                            try (var in = jar.getInputStream(je)) {
                                in.transferTo(out);
                            }
                            out.closeEntry();
                        }
                    }
                }
            }
        }
        return names;
    }
}
