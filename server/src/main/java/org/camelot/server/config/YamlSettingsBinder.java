package org.camelot.server.config;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.camelot.protocol.InvalidSettingException;
import org.camelot.protocol.SettingsBinder;

/** Binds configuration nodes with the configuration mapper, against one base directory. */
final class YamlSettingsBinder implements SettingsBinder {

    /** The first primitive component of a settings record ({@code "int port"}), or null. */
    private static final ClassValue<String> PRIMITIVE_COMPONENT = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            if (type.isRecord()) {
                for (RecordComponent c : type.getRecordComponents()) {
                    if (c.getType().isPrimitive()) {
                        return c.getType().getName() + " " + c.getName();
                    }
                }
            }
            return null;
        }
    };

    private final ObjectMapper mapper;
    private final Path baseDirectory;

    YamlSettingsBinder(ObjectMapper mapper, Path baseDirectory) {
        this.mapper = mapper;
        this.baseDirectory = baseDirectory;
    }

    @Override
    public <T> T bind(Map<String, ?> keys, Class<T> type, String path) {
        return bind(keys == null ? null : mapper.valueToTree(keys), type, path, List.of());
    }

    <T> T bind(JsonNode node, Class<T> type, String path) {
        return bind(node, type, path, List.of());
    }

    <T> T bind(JsonNode node, Class<T> type, String path, Collection<String> extraKeys) {
        String primitive = PRIMITIVE_COMPONENT.get(type);
        if (primitive != null) {
            throw new InvalidSettingException(path, type.getName(), "a settings record whose components are boxed "
                    + "types, so that an absent key reaches its constructor as null and takes its default; component "
                    + primitive + " is primitive");
        }
        JsonNode source = node == null || node.isNull() || node.isMissingNode()
                ? JsonNodeFactory.instance.objectNode() : node;
        try {
            return mapper.readerFor(type)
                    .withAttribute(ConfigMapper.BASE_DIRECTORY, baseDirectory)
                    .readValue(source);
        } catch (JsonMappingException e) {
            throw BindingErrors.translate(e, path, source, extraKeys);
        } catch (InvalidSettingException e) {
            throw e.under(path);
        } catch (IOException e) {
            throw new InvalidSettingException(path, source.toString(), "a valid block: " + e.getMessage());
        }
    }
}
