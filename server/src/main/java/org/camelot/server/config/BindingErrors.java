package org.camelot.server.config;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.camelot.protocol.Durations;
import org.camelot.protocol.InvalidSettingException;

/** Turns Jackson's binding errors into problems that name the key path, the value and what was expected. */
final class BindingErrors {

    private BindingErrors() {
    }

    /**
     * @param prefix the key path of the node that was bound
     * @param node   the node that was bound, to show the offending value as written
     * @param extraKeys keys the bound type does not have but the block accepts, for "did you mean"
     */
    static InvalidSettingException translate(JsonMappingException e, String prefix, JsonNode node,
                                             Collection<String> extraKeys) {
        if (e instanceof ValueInstantiationException && e.getCause() instanceof InvalidSettingException ise) {
            return ise.under(join(prefix, path(e)));
        }
        String path = join(prefix, path(e));
        if (e instanceof PropertyBindingException pbe) {
            List<String> known = new ArrayList<>();
            if (pbe.getKnownPropertyIds() != null) {
                pbe.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
            }
            String key = pbe.getPropertyName();
            String relative = path(e);
            if (relative.isEmpty() || relative.equals(key)) {
                // The block's own level: its common keys are valid there, but not inside a nested entry.
                known.addAll(extraKeys);
            }
            known.sort(null);
            String fullPath = path.endsWith(key) ? path : join(path, key);
            String hint = Suggestions.closest(key, known).map(k -> "; did you mean \"" + k + "\"?").orElse("");
            return new UnknownKeyException(fullPath, "one of " + String.join(", ", known) + hint);
        }
        JsonNode value = at(node, path(e));
        String shown = value == null || value.isMissingNode() ? null : value.isTextual() ? value.asText() : value.toString();
        Object raw = e instanceof InvalidFormatException ife ? ife.getValue() : shown;
        if (e instanceof MismatchedInputException mie && mie.getTargetType() != null) {
            return new InvalidSettingException(path, raw == null ? shown : raw, describe(mie.getTargetType()));
        }
        return new InvalidSettingException(path, raw, cleanMessage(e));
    }

    /** The unknown-key problem: its "value" says what happened rather than repeating what was written. */
    static final class UnknownKeyException extends InvalidSettingException {
        UnknownKeyException(String key, String expected) {
            super(key, null, expected);
        }
    }

    static ConfigProblem problem(InvalidSettingException e) {
        String value = e instanceof UnknownKeyException ? "unknown key" : InvalidSettingException.describe(e.value());
        return new ConfigProblem(e.key(), value, e.expected());
    }

    static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Duration.class) {
            return Durations.EXPECTED;
        }
        if (type == Path.class) {
            return "a file path";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> c.toString().toLowerCase(java.util.Locale.ROOT))
                    .collect(Collectors.joining(", "));
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a block of keys";
        }
        return "a value of type " + type.getSimpleName();
    }

    static String describe(JavaType type) {
        return describe(type.getRawClass());
    }

    private static String cleanMessage(JsonMappingException e) {
        String m = e.getOriginalMessage();
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }

    private static List<JsonMappingException.Reference> refs(JsonMappingException e) {
        return e.getPath();
    }

    static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs(e)) {
            if (r.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    static String join(String a, String b) {
        if (a == null || a.isEmpty()) {
            return b == null ? "" : b;
        }
        if (b == null || b.isEmpty()) {
            return a;
        }
        return b.startsWith("[") ? a + b : a + "." + b;
    }

    private static JsonNode at(JsonNode node, String relativePath) {
        if (node == null || relativePath.isEmpty()) {
            return node;
        }
        JsonNode cur = node;
        for (String part : relativePath.split("\\.")) {
            String key = part;
            int bracket = key.indexOf('[');
            String indexes = "";
            if (bracket >= 0) {
                indexes = key.substring(bracket);
                key = key.substring(0, bracket);
            }
            cur = cur.path(key);
            for (String idx : indexes.replace("]", "").split("\\[")) {
                if (!idx.isEmpty()) {
                    cur = cur.path(Integer.parseInt(idx));
                }
            }
        }
        return cur;
    }
}
