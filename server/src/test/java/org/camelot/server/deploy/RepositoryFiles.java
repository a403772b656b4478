package org.camelot.server.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's top directory, from wherever Maven runs the tests (the module directory). */
final class RepositoryFiles {

    private RepositoryFiles() {
    }

    static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy")) && Files.isRegularFile(p.resolve("config/camelot.yaml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no deploy/ and config/camelot.yaml above " + Path.of("").toAbsolutePath());
    }
}
