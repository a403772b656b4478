package org.camelot.protocol.http.files;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Content types by file extension, from the {@code mime.types} table shipped beside this class (nginx's format:
 * {@code type ext ext ...;}) and the route's {@code types} overrides. Text types get {@code charset=utf-8}.
 */
final class MimeTypes {

    private static final Map<String, String> BUILT_IN = load();

    private final Map<String, String> types;
    private final String defaultType;

    MimeTypes(Map<String, String> overrides, String defaultType) {
        this.types = new HashMap<>(BUILT_IN);
        overrides.forEach((ext, type) -> types.put(ext.toLowerCase(Locale.ROOT), withCharset(type)));
        this.defaultType = withCharset(defaultType);
    }

    /** The {@code Content-Type} for a file name. */
    String forName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0 || dot == fileName.length() - 1) {
            return defaultType;
        }
        String type = types.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
        return type == null ? defaultType : type;
    }

    static String withCharset(String type) {
        if (type.contains(";")) {
            return type;
        }
        boolean text = type.startsWith("text/") || type.equals("application/javascript")
                || type.equals("application/json") || type.equals("application/xml")
                || type.endsWith("+xml") && !type.startsWith("image/") || type.endsWith("+json");
        return text ? type + "; charset=utf-8" : type;
    }

    private static Map<String, String> load() {
        Map<String, String> out = new HashMap<>();
        try (InputStream in = MimeTypes.class.getResourceAsStream("mime.types")) {
            if (in == null) {
                throw new IllegalStateException("mime.types is missing beside " + MimeTypes.class.getName());
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] words = l.replace(";", "").split("\\s+");
                for (int i = 1; i < words.length; i++) {
                    out.put(words[i].toLowerCase(Locale.ROOT), withCharset(words[0]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(out);
    }
}
