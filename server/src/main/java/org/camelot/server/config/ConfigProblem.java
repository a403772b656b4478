package org.camelot.server.config;

/**
 * One thing wrong with a configuration file, for people.
 *
 * @param path     the key path, e.g. {@code listeners.https.port}
 * @param value    the value as written, or a description such as {@code (missing)}
 * @param expected what would have been acceptable
 */
public record ConfigProblem(String path, String value, String expected) {

    /** The problem a refused setting describes, with its key path as the exception names it. */
    public static ConfigProblem of(org.camelot.protocol.InvalidSettingException e) {
        return BindingErrors.problem(e);
    }

    public String render(String file) {
        return file + ": " + (path.isEmpty() ? "(top level)" : path) + ": " + value + " (expected: " + expected + ")";
    }
}
