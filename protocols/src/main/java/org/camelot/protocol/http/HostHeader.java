package org.camelot.protocol.http;

import io.netty.util.NetUtil;

/**
 * The {@code Host} header's syntax (RFC 9112 section 3.2, RFC 3986 section 3.2.2): {@code uri-host [ ":" port ]},
 * where the host is a reg-name (an IPv4 address is one), an {@code [IPv6]} literal or an {@code [vF.IPvFuture]}
 * one. A request with anything else (a space, a {@code /}, userinfo) is refused, so that no route, log or
 * redirect ever works from a host that is not one.
 */
public final class HostHeader {

    private static final int MAX_PORT_DIGITS = 5;

    private HostHeader() {
    }

    /** Whether {@code value} is a valid {@code Host} field value; an empty one is (RFC 9112 3.2). */
    public static boolean valid(String value) {
        int end = value.length();
        int hostEnd;
        if (!value.isEmpty() && value.charAt(0) == '[') {
            int close = value.indexOf(']');
            if (close < 0 || !ipLiteral(value.substring(1, close))) {
                return false;
            }
            hostEnd = close + 1;
        } else {
            hostEnd = value.indexOf(':');
            if (hostEnd < 0) {
                hostEnd = end;
            }
            if (!regName(value, 0, hostEnd)) {
                return false;
            }
        }
        if (hostEnd == end) {
            return true;
        }
        if (value.charAt(hostEnd) != ':' || end - hostEnd - 1 > MAX_PORT_DIGITS) {
            return false;
        }
        for (int i = hostEnd + 1; i < end; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** {@code *( unreserved / pct-encoded / sub-delims )}. */
    private static boolean regName(String s, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= end || !hex(s.charAt(i + 1)) || !hex(s.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            } else if (!unreserved(c) && !subDelim(c)) {
                return false;
            }
        }
        return true;
    }

    /** What is between the brackets: an IPv6 address, or {@code "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )}. */
    private static boolean ipLiteral(String s) {
        if (!s.isEmpty() && (s.charAt(0) == 'v' || s.charAt(0) == 'V')) {
            int dot = s.indexOf('.');
            if (dot < 2 || dot == s.length() - 1) {
                return false;
            }
            for (int i = 1; i < dot; i++) {
                if (!hex(s.charAt(i))) {
                    return false;
                }
            }
            for (int i = dot + 1; i < s.length(); i++) {
                char c = s.charAt(i);
                if (!unreserved(c) && !subDelim(c) && c != ':') {
                    return false;
                }
            }
            return true;
        }
        // No zone identifier: RFC 9110 does not allow one in a Host header.
        return s.indexOf('%') < 0 && NetUtil.isValidIpV6Address(s);
    }

    private static boolean unreserved(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                || c == '_' || c == '~';
    }

    private static boolean subDelim(char c) {
        return "!$&'()*+,;=".indexOf(c) >= 0;
    }

    private static boolean hex(char c) {
        return Character.digit(c, 16) >= 0 && c < 0x80;
    }
}
