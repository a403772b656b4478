package org.camelot.protocol.birds;

import java.nio.charset.StandardCharsets;

/**
 * An integer query parameter read the way FastAPI (pydantic 2, lax mode) reads one, so that clients written against
 * such an API see the same answers: surrounding Unicode white space is ignored, an optional sign, ASCII digits with
 * single underscores between them, and an optional fraction of zeros ({@code 2021.0}). Anything else is an
 * {@code int_parsing} error; more than 4300 characters an {@code int_parsing_size} error.
 *
 * @param value the value, saturated to the range of {@code long} (only its comparison with small bounds matters)
 * @param error {@code null}, {@code int_parsing} or {@code int_parsing_size}
 */
record LaxInteger(long value, String error) {

    static final String PARSING = "int_parsing";
    static final String PARSING_SIZE = "int_parsing_size";
    private static final int MAX_LENGTH = 4300;

    static LaxInteger parse(String raw) {
        int from = 0;
        int to = raw.length();
        while (from < to && whiteSpace(raw.charAt(from))) {
            from++;
        }
        while (to > from && whiteSpace(raw.charAt(to - 1))) {
            to--;
        }
        String s = raw.substring(from, to);
        if (s.length() > MAX_LENGTH && s.getBytes(StandardCharsets.UTF_8).length > MAX_LENGTH) {
            return new LaxInteger(0, PARSING_SIZE);
        }
        int dot = s.indexOf('.');
        if (dot >= 0) {
            if (dot == s.length() - 1) {
                return new LaxInteger(0, PARSING);
            }
            for (int i = dot + 1; i < s.length(); i++) {
                if (s.charAt(i) != '0') {
                    return new LaxInteger(0, PARSING);
                }
            }
            s = s.substring(0, dot);
        }
        return digits(s);
    }

    /** {@code [+-]d(_?d)*} with ASCII digits, saturated to the range of {@code long}. */
    private static LaxInteger digits(String s) {
        int i = 0;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (i == s.length()) {
            return new LaxInteger(0, PARSING);
        }
        long value = 0;
        boolean saturated = false;
        boolean afterDigit = false;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '_') {
                if (!afterDigit || i == s.length() - 1) {
                    return new LaxInteger(0, PARSING);
                }
                afterDigit = false;
                continue;
            }
            if (c < '0' || c > '9') {
                return new LaxInteger(0, PARSING);
            }
            afterDigit = true;
            if (!saturated) {
                if (value > (Long.MAX_VALUE - (c - '0')) / 10) {
                    saturated = true;
                } else {
                    value = value * 10 + (c - '0');
                }
            }
        }
        if (saturated) {
            return new LaxInteger(negative ? Long.MIN_VALUE : Long.MAX_VALUE, null);
        }
        return new LaxInteger(negative ? -value : value, null);
    }

    /** Unicode's White_Space property, as Python's and Rust's strip use it (Java's isWhitespace differs). */
    static boolean whiteSpace(char c) {
        return c >= 0x09 && c <= 0x0d || c == ' ' || c == 0x85 || c == 0xa0 || c == 0x1680
                || c >= 0x2000 && c <= 0x200a || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f
                || c == 0x3000;
    }
}
