package org.camelot.server.concurrency;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.camelot.server.config.CamelotConfig;

/**
 * The command line that starts one process of the processes model: this JVM again (same java, class path and the
 * JVM options that matter), the daemon's main class, the same configuration file and overrides, restricted to one
 * listener on a fixed port.
 */
final class WorkerCommand {

    /** The daemon's entry point; named, not referenced, so that this package does not depend on it. */
    static final String MAIN_CLASS = "org.camelot.server.Main";

    private WorkerCommand() {
    }

    static List<String> build(CamelotConfig config, String listener, int port, Path readyFile) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> options = jvmOptions(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(options);
        if (options.stream().noneMatch(o -> o.startsWith("--enable-native-access"))) {
            // What the daemon's jar manifest grants; a class-path launch has to ask for it.
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.add("-cp");
        cmd.add(classPath(System.getProperty("java.class.path")));
        cmd.add(MAIN_CLASS);
        cmd.add("--config");
        cmd.add(config.file().toAbsolutePath().toString());
        for (String o : config.overrides()) {
            cmd.add("--set");
            cmd.add(o);
        }
        cmd.add("--set");
        cmd.add("listeners." + listener + ".port=" + port);
        cmd.add("--process-worker");
        cmd.add(listener);
        cmd.add("--ready-file");
        cmd.add(readyFile.toString());
        cmd.add("--stop-on-stdin-eof");
        return cmd;
    }

    /**
     * Heap, stack, system properties, module access and JIT flags carry over; agents and debuggers do not, since a
     * second debugger on the same port would stop the worker from starting.
     */
    static List<String> jvmOptions(List<String> parent) {
        List<String> out = new ArrayList<>();
        for (String a : parent) {
            boolean agent = a.startsWith("-agentlib") || a.startsWith("-agentpath") || a.startsWith("-javaagent")
                    || a.startsWith("-Xrunjdwp") || a.equals("-Xdebug");
            boolean kept = a.startsWith("-X") || a.startsWith("-D") || a.startsWith("--enable-native-access")
                    || a.startsWith("--add-opens") || a.startsWith("--add-exports") || a.equals("-ea")
                    || a.equals("-da") || a.startsWith("-enableassertions") || a.startsWith("-disableassertions");
            if (kept && !agent) {
                out.add(a);
            }
        }
        return out;
    }

    private static String classPath(String classPath) {
        List<String> absolute = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                absolute.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, absolute);
    }
}
