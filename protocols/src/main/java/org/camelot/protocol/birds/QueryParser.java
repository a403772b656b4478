package org.camelot.protocol.birds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the query parameters into a {@link Query}, or into the list of what is wrong with them, in the shape FastAPI
 * gives (checked in the order the parameters are documented; every problem is reported, not just the first). When
 * a parameter is repeated the last value counts, as in FastAPI; unknown parameters are ignored.
 */
final class QueryParser {

    /** The query, or the problems (each a JSON object of FastAPI's validation-error shape). */
    record Result(Query query, List<Map<String, Object>> errors) {
    }

    private QueryParser() {
    }

    static Result parse(Map<String, List<String>> parameters) {
        List<Map<String, Object>> errors = new ArrayList<>(0);
        Long year = integer(parameters, "year", null, null, errors);
        String species = last(parameters, "species");
        Long month = integer(parameters, "month", 1L, 12L, errors);
        String locId = last(parameters, "loc_id");
        String region = last(parameters, "region");
        Long limit = integer(parameters, "limit", 0L, null, errors);
        Long offset = integer(parameters, "offset", 0L, null, errors);
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        return new Result(new Query(year, month, species, locId, region, offset == null ? 0 : offset,
                limit == null ? Long.MAX_VALUE : limit), List.of());
    }

    private static String last(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
    }

    private static Long integer(Map<String, List<String>> parameters, String name, Long min, Long max,
                                List<Map<String, Object>> errors) {
        String raw = last(parameters, name);
        if (raw == null) {
            return null;
        }
        LaxInteger n = LaxInteger.parse(raw);
        if (LaxInteger.PARSING.equals(n.error())) {
            errors.add(error(LaxInteger.PARSING, name,
                    "Input should be a valid integer, unable to parse string as an integer", raw, null, 0));
        } else if (LaxInteger.PARSING_SIZE.equals(n.error())) {
            errors.add(error(LaxInteger.PARSING_SIZE, name,
                    "Unable to parse input string as an integer, exceeded maximum size", raw, null, 0));
        } else if (min != null && n.value() < min) {
            errors.add(error("greater_than_equal", name, "Input should be greater than or equal to " + min, raw,
                    "ge", min));
        } else if (max != null && n.value() > max) {
            errors.add(error("less_than_equal", name, "Input should be less than or equal to " + max, raw,
                    "le", max));
        } else {
            return n.value();
        }
        return null;
    }

    private static Map<String, Object> error(String type, String name, String msg, String input, String bound,
                                             long limit) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", type);
        e.put("loc", List.of("query", name));
        e.put("msg", msg);
        e.put("input", input);
        if (bound != null) {
            e.put("ctx", Map.of(bound, limit));
        }
        return e;
    }
}
