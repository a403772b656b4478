package org.camelot.client;

import org.camelot.client.bench.BenchCommand;
import org.camelot.client.http.HttpCommand;
import org.camelot.client.launcelot.LauncelotCommand;
import org.camelot.client.udp.UdpCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar camelot-client.jar COMMAND ...}: a client for each Camelot protocol. */
@Command(name = "camelot-client", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Clients for Camelot's protocols.",
        subcommands = {
                UpperCommand.class,
                LauncelotCommand.class,
                UdpCommand.class,
                BenchCommand.class,
                HttpCommand.class,
        })
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, as {@code main} runs it; tests call {@code execute} on it. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"camelot-client " + (v == null ? "dev" : v)};
        }
    }
}
