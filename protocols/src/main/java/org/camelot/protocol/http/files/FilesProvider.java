package org.camelot.protocol.http.files;

import java.nio.file.Files;
import java.nio.file.Path;
import org.camelot.protocol.InvalidSettingException;
import org.camelot.protocol.http.Route;
import org.camelot.protocol.http.RouteContext;
import org.camelot.protocol.http.RouteProvider;

/** {@code type: files}: serves a directory as nginx would. Mounted at {@code /} unless the block says otherwise. */
public final class FilesProvider implements RouteProvider<FilesSettings> {

    @Override
    public String name() {
        return "files";
    }

    @Override
    public Class<FilesSettings> settingsType() {
        return FilesSettings.class;
    }

    @Override
    public String defaultPath() {
        return "/";
    }

    @Override
    public Route create(RouteContext<FilesSettings> context) throws Exception {
        Path root = context.settings().root();
        if (!Files.isDirectory(root)) {
            throw new InvalidSettingException("root", root.toString(), "an existing directory");
        }
        return new FileRoute(context.settings(), root.toRealPath(), context.listener().blockingExecutor());
    }
}
