package org.camelot.protocol.birds;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Strict readers for the numeric CSV columns. Jackson's own coercions accept what a survey file should not contain
 * ({@code " 2021"}, {@code NaN}, {@code 0x1p3}, {@code 1.5d}); these accept plain decimal text only, and their
 * messages become the "problem" part of a malformed-file error.
 */
final class CsvNumbers {

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    private CsvNumbers() {
    }

    /** An integer column: {@code [+-]digits}, within the range of {@code int}. */
    static final class Int extends StdScalarDeserializer<Integer> {
        Int() {
            super(Integer.class);
        }

        @Override
        public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getText();
            if (text.isEmpty()) {
                throw problem(p, "empty, expected an integer", text, Integer.class);
            }
            if (!INTEGER.matcher(text).matches()) {
                throw problem(p, quote(text) + " is not an integer", text, Integer.class);
            }
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw problem(p, quote(text) + " is out of the integer range", text, Integer.class);
            }
        }
    }

    /** A float column that must have a value: decimal text with an optional exponent, finite. */
    static class Float extends StdScalarDeserializer<Double> {
        Float() {
            super(Double.class);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getText();
            if (text.isEmpty()) {
                return empty(p);
            }
            if (!DECIMAL.matcher(text).matches()) {
                throw problem(p, quote(text) + " is not a number", text, Double.class);
            }
            double value = Double.parseDouble(text);
            if (Double.isInfinite(value)) {
                throw problem(p, quote(text) + " is out of the float range", text, Double.class);
            }
            return value;
        }

        Double empty(JsonParser p) throws IOException {
            throw problem(p, "empty, expected a number", "", Double.class);
        }
    }

    /** A float column where an empty value means 0 (the count column, {@code num}). */
    static final class FloatOrZero extends Float {
        @Override
        Double empty(JsonParser p) {
            return 0.0;
        }
    }

    private static InvalidFormatException problem(JsonParser p, String message, String text, Class<?> type) {
        return InvalidFormatException.from(p, message, text, type);
    }

    private static String quote(String text) {
        return "\"" + text + "\"";
    }
}
