package org.camelot.server.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration that cannot be used; carries every problem found, each naming the file and key path. */
public final class ConfigException extends Exception {

    private final String file;
    private final List<ConfigProblem> problems;

    public ConfigException(String file, List<ConfigProblem> problems) {
        super(problems.stream().map(p -> p.render(file)).collect(Collectors.joining("\n")));
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String file, ConfigProblem problem) {
        this(file, List.of(problem));
    }

    public String file() {
        return file;
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
