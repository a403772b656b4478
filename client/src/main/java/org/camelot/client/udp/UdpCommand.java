package org.camelot.client.udp;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code udp COMMAND ...}: clients of a {@code udp} listener. */
@Command(name = "udp", mixinStandardHelpOptions = true,
        description = "Sends datagrams to a udp listener.",
        subcommands = {UdpSendCommand.class})
public final class UdpCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
