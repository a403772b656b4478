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
        Path real = root.toRealPath();
        if (!RootDirectory.supported(real)) {
            throw new InvalidSettingException("root", root.toString(),
                    "a directory on a file system that opens files relative to a directory (openat), as Linux does");
        }
        return new FileRoute(context.settings(), real, context.listener().blockingExecutor());
    }
}
