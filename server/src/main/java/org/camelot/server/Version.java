package org.camelot.server;

import picocli.CommandLine;

/** The version printed by {@code --version}, from the jar's manifest. */
public final class Version implements CommandLine.IVersionProvider {

    public static final String VERSION = versionOf(Version.class);

    static String versionOf(Class<?> c) {
        String v = c.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"camelot-server " + VERSION, "Java " + Runtime.version()};
    }
}
