package org.camelot.client.http;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code http get URL ...}: an HTTP/1.1 and HTTP/2 client for Camelot's http listeners (and any other server). */
@Command(name = "http", mixinStandardHelpOptions = true,
        description = "HTTP/1.1 and HTTP/2 client: fetches a URL over cleartext or TLS.",
        subcommands = {HttpGetCommand.class})
public final class HttpCommand implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
