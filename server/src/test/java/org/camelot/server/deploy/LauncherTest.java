package org.camelot.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/camelot, the launcher that `make run`, the systemd unit and the container image use: how it reads the JVM
 * options file, when it takes the AOT cache, and that the project's own config/jvm.options is accepted by this JVM.
 */
class LauncherTest {

    private static final Path ROOT = RepositoryFiles.root();
    private static final Path LAUNCHER = ROOT.resolve("scripts/camelot");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    /** The launcher's output and exit code. */
    private record Run(int exit, List<String> command, String errors) {
    }

    private Run launch(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("/bin/bash", LAUNCHER.toString()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().remove("JAVA_OPTS");
        pb.environment().put("CAMELOT_PRINT", "1");
        pb.environment().put("JAVA", JAVA);
        pb.environment().putAll(env);
        pb.redirectError(dir.resolve("stderr").toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher did not finish");
        return new Run(p.exitValue(), out.lines().toList(), Files.readString(dir.resolve("stderr")));
    }

    @Test
    void optionsFileOneOptionALineWithCommentsAndBlankLinesSkipped() throws Exception {
        Path options = Files.writeString(dir.resolve("jvm.options"), """
                # a comment
                -Xms8m

                   -XX:+UseSerialGC   # why, after the option
                -Dname=a value with spaces
                #-Xmx1g
                -XX:-UsePerfData""");
        Path jar = Files.writeString(dir.resolve("camelot-server.jar"), "not read");
        Run run = launch(Map.of("CAMELOT_JVM_OPTIONS", options.toString(), "CAMELOT_JAR", jar.toString(),
                "JAVA_OPTS", "-Da=1 -Db=2"), "--config", "x y.yaml");
        assertEquals(0, run.exit(), run.errors());
        assertEquals(List.of(JAVA, "-Xms8m", "-XX:+UseSerialGC", "-Dname=a value with spaces", "-XX:-UsePerfData",
                "-Da=1", "-Db=2", "-jar", jar.toString(), "--config", "x y.yaml"), run.command());
    }

    @Test
    void aotCacheOnlyForTheJavaAndTheJarItWasMadeFor() throws Exception {
        Path options = Files.writeString(dir.resolve("jvm.options"), "-Xms8m\n");
        Path jar = Files.writeString(dir.resolve("camelot-server.jar"), "version one");
        Path cache = Files.writeString(dir.resolve("camelot-server.aot"), "cache");
        Map<String, String> env = Map.of("CAMELOT_JVM_OPTIONS", options.toString(), "CAMELOT_JAR", jar.toString());
        String java = Path.of(JAVA).toRealPath().toString();
        String made = java + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis() / 1000;

        Files.writeString(dir.resolve("camelot-server.aot.id"), made + "\n");
        Run run = launch(env);
        assertEquals(List.of(JAVA, "-Xms8m", "-XX:AOTCache=" + cache, "-jar", jar.toString()), run.command());
        assertEquals("", run.errors());

        Run none = launch(Map.of("CAMELOT_JVM_OPTIONS", options.toString(), "CAMELOT_JAR", jar.toString(),
                "CAMELOT_AOT_CACHE", "none"));
        assertFalse(none.command().stream().anyMatch(a -> a.startsWith("-XX:AOTCache")), none.command().toString());

        // A rebuilt jar (another size): the stale cache is left out, and the launcher says why.
        Files.writeString(jar, "version two, longer");
        Run stale = launch(env);
        assertEquals(0, stale.exit());
        assertEquals(List.of(JAVA, "-Xms8m", "-jar", jar.toString()), stale.command());
        assertTrue(stale.errors().contains("starting without it"), stale.errors());

        // Made by another java.
        Files.writeString(dir.resolve("camelot-server.aot.id"),
                "/opt/other/bin/java " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis() / 1000);
        assertEquals(List.of(JAVA, "-Xms8m", "-jar", jar.toString()), launch(env).command());
    }

    /** The container image has bash but no coreutils: without an AOT cache the launcher needs no other command. */
    @Test
    void worksWithBashAloneAsInTheContainerImage() throws Exception {
        Path options = Files.writeString(dir.resolve("jvm.options"), "-Xms8m # small\n");
        Path jar = Files.writeString(dir.resolve("camelot-server.jar"), "x");
        Path empty = Files.createDirectory(dir.resolve("no-commands"));
        Run run = launch(Map.of("PATH", empty.toString(), "CAMELOT_JVM_OPTIONS", options.toString(),
                "CAMELOT_JAR", jar.toString()), "--config", "/etc/camelot/camelot.yaml");
        assertEquals(0, run.exit(), run.errors());
        assertEquals(List.of(JAVA, "-Xms8m", "-jar", jar.toString(), "--config", "/etc/camelot/camelot.yaml"),
                run.command());
    }

    /** A native folder beside the jar (made by make build) is java.library.path, before JAVA_OPTS. */
    @Test
    void nativeFolderBesideTheJarIsTheLibraryPath() throws Exception {
        Path options = Files.writeString(dir.resolve("jvm.options"), "-Xms8m\n");
        Path jar = Files.writeString(dir.resolve("camelot-server.jar"), "x");
        Map<String, String> env = Map.of("CAMELOT_JVM_OPTIONS", options.toString(), "CAMELOT_JAR", jar.toString(),
                "JAVA_OPTS", "-Da=1");
        assertEquals(List.of(JAVA, "-Xms8m", "-Da=1", "-jar", jar.toString()), launch(env).command(),
                "no folder, no library path");

        Path nativeDir = Files.createDirectory(dir.resolve("native"));
        assertEquals(List.of(JAVA, "-Xms8m", "-Djava.library.path=" + nativeDir, "-Da=1", "-jar", jar.toString()),
                launch(env).command());

        Map<String, String> none = new java.util.HashMap<>(env);
        none.put("CAMELOT_NATIVE", "none");
        assertEquals(List.of(JAVA, "-Xms8m", "-Da=1", "-jar", jar.toString()), launch(none).command());
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        none.put("CAMELOT_NATIVE", elsewhere.toString());
        assertEquals(List.of(JAVA, "-Xms8m", "-Djava.library.path=" + elsewhere, "-Da=1", "-jar", jar.toString()),
                launch(none).command());
    }

    @Test
    void missingOptionsFileOrJarIsAClearErrorWithExitCode2() throws Exception {
        Path jar = Files.writeString(dir.resolve("camelot-server.jar"), "x");
        Run noOptions = launch(Map.of("CAMELOT_JVM_OPTIONS", dir.resolve("absent.options").toString(),
                "CAMELOT_JAR", jar.toString()));
        assertEquals(2, noOptions.exit());
        assertTrue(noOptions.errors().contains("absent.options"), noOptions.errors());
        Run noJar = launch(Map.of("CAMELOT_JAR", dir.resolve("absent.jar").toString()));
        assertEquals(2, noJar.exit());
        assertTrue(noJar.errors().contains("absent.jar"), noJar.errors());
    }

    /** Every option of the project's config/jvm.options is one this JVM accepts (a typo would stop the daemon). */
    @Test
    void projectOptionsAreAcceptedByThisJvm() throws Exception {
        Path jar = Files.writeString(dir.resolve("camelot-server.jar"), "x");
        Run run = launch(Map.of("CAMELOT_JVM_OPTIONS", ROOT.resolve("config/jvm.options").toString(),
                "CAMELOT_JAR", jar.toString(), "CAMELOT_AOT_CACHE", "none"));
        assertEquals(0, run.exit(), run.errors());
        List<String> command = run.command();
        List<String> options = command.subList(1, command.indexOf("-jar"));
        assertTrue(options.contains("-XX:+UseSerialGC"), options.toString());
        List<String> argv = new ArrayList<>();
        argv.add(JAVA);
        argv.addAll(options);
        argv.add("-version");
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertFalse(out.toLowerCase().contains("warning"), out);
    }
}
