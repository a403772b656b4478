package org.camelot.protocol.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request target taken apart: the path decoded once and normalized, and the raw query. Anything that could make
 * a path mean something else than it looks (an encoded or literal {@code ..} leaving the root, a NUL or control
 * character, a backslash, malformed percent-encoding or UTF-8) makes the target malformed, so that no route ever
 * sees it.
 *
 * @param path  the decoded, normalized path (see {@link Request#path()})
 * @param query the raw query, without {@code ?}; empty when absent
 */
record RequestTarget(String path, String query) {

    /** The target taken apart, or {@code null} when it is malformed (answer 400). */
    static RequestTarget parse(String target) {
        int start;
        if (!target.isEmpty() && target.charAt(0) == '/') {
            start = 0;
        } else if (target.regionMatches(true, 0, "http://", 0, 7) || target.regionMatches(true, 0, "https://", 0, 8)) {
            // absolute form (RFC 9112 3.2.2): the path starts after the authority
            int authority = target.indexOf("//") + 2;
            int slash = target.indexOf('/', authority);
            int question = target.indexOf('?', authority);
            if (slash < 0 || question >= 0 && question < slash) {
                return question < 0 ? new RequestTarget("/", "") : parse("/" + target.substring(question));
            }
            start = slash;
        } else {
            return null;
        }
        int q = target.indexOf('?', start);
        int end = q < 0 ? target.length() : q;
        String query = q < 0 ? "" : target.substring(q + 1);
        if (target.indexOf('#', start) >= 0 || !printable(query)) {
            return null;
        }
        String path = plain(target, start, end) ? target.substring(start, end) : decode(target, start, end);
        return path == null ? null : new RequestTarget(path, query);
    }

    /**
     * Whether a raw query has no control character: routes echo it (in a redirect's {@code Location}, in an error
     * body), and RFC 3986 allows none. Bytes from 0x80 up (obs-text, kept as ISO-8859-1) are left to the route.
     */
    private static boolean printable(String query) {
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** Whether the raw path needs neither decoding nor normalizing: the common case, kept cheap. */
    private static boolean plain(String s, int start, int end) {
        char previous = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '%' || c == '\\' || c == '.' && previous == '/'
                    || c == '/' && previous == '/') {
                return false;
            }
            previous = c;
        }
        return true;
    }

    private static String decode(String s, int start, int end) {
        byte[] bytes = new byte[end - start];
        int n = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= end) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c > 0xff) {
                return null;
            } else {
                bytes[n++] = (byte) c;
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, n)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        return normalize(text);
    }

    /** Merges slashes and resolves {@code .} and {@code ..}; {@code null} if a character is refused or {@code ..} leaves the root. */
    private static String normalize(String decoded) {
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0 || c == '\\') {
                return null;
            }
        }
        List<String> segments = new ArrayList<>();
        String[] parts = decoded.split("/", -1);
        boolean trailing = false;
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            boolean last = i == parts.length - 1;
            if (part.isEmpty()) {
                trailing = last;
            } else if (part.equals(".")) {
                trailing = last;
            } else if (part.equals("..")) {
                if (segments.isEmpty()) {
                    return null;
                }
                segments.remove(segments.size() - 1);
                trailing = last;
            } else {
                segments.add(part);
                trailing = false;
            }
        }
        if (segments.isEmpty()) {
            return "/";
        }
        StringBuilder out = new StringBuilder(decoded.length());
        for (String segment : segments) {
            out.append('/').append(segment);
        }
        return trailing ? out.append('/').toString() : out.toString();
    }
}
