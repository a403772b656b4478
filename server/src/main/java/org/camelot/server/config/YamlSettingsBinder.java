package org.camelot.server.config;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.camelot.protocol.InvalidSettingException;
import org.camelot.protocol.SettingsBinder;

/** Binds configuration nodes with the configuration mapper, against one base directory. */
final class YamlSettingsBinder implements SettingsBinder {

    private final ObjectMapper mapper;
    private final Path baseDirectory;

    YamlSettingsBinder(ObjectMapper mapper, Path baseDirectory) {
        this.mapper = mapper;
        this.baseDirectory = baseDirectory;
    }

    @Override
    public <T> T bind(JsonNode node, Class<T> type, String path) {
        return bind(node, type, path, List.of());
    }

    <T> T bind(JsonNode node, Class<T> type, String path, Collection<String> extraKeys) {
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
