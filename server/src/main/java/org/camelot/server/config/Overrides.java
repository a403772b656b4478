package org.camelot.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;

/** Applies {@code --set key.path=value} overrides to a configuration tree before it is bound. */
final class Overrides {

    private Overrides() {
    }

    /**
     * @param yaml reads each value as a YAML scalar or flow collection, so {@code 0} is a number, {@code true} a
     *             boolean and {@code [TLSv1.3]} a list
     * @throws IllegalArgumentException for an override that is not {@code key.path=value}
     */
    static void apply(ObjectNode root, List<String> overrides, ObjectMapper yaml) {
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--set " + override + ": expected key.path=value");
            }
            String[] keys = override.substring(0, eq).trim().split("\\.");
            String text = override.substring(eq + 1);
            ObjectNode node = root;
            for (int i = 0; i < keys.length - 1; i++) {
                if (keys[i].isEmpty()) {
                    throw new IllegalArgumentException("--set " + override + ": empty key in the path");
                }
                JsonNode child = node.get(keys[i]);
                if (!(child instanceof ObjectNode)) {
                    child = node.putObject(keys[i]);
                }
                node = (ObjectNode) child;
            }
            node.set(keys[keys.length - 1], parse(text, yaml));
        }
    }

    private static JsonNode parse(String text, ObjectMapper yaml) {
        if (text.isEmpty()) {
            return TextNode.valueOf("");
        }
        try {
            JsonNode value = yaml.readTree(text);
            return value == null || value.isMissingNode() ? TextNode.valueOf(text) : value;
        } catch (Exception e) {
            return TextNode.valueOf(text);
        }
    }
}
