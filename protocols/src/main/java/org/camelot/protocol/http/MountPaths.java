package org.camelot.protocol.http;

import org.camelot.protocol.InvalidSettingException;

/** Checks the {@code path} a route is mounted at. */
final class MountPaths {

    static final String EXPECTED = "a path such as / or /birds: starting with /, without empty, . or .. segments";

    private MountPaths() {
    }

    /** The mount path without its trailing slash ({@code /} stays {@code /}). */
    static String check(String key, String path) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            throw new InvalidSettingException(key, path, EXPECTED);
        }
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (p.equals("/")) {
            return p;
        }
        for (String segment : p.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")
                    || !segment.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '\\' && c != '?' && c != '#'
                    && c != '%')) {
                throw new InvalidSettingException(key, path, EXPECTED);
            }
        }
        return p;
    }
}
