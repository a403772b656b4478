package org.camelot.protocol.birds;

import java.nio.file.Path;

/**
 * A CSV file that cannot be loaded, with where: the file, the line (1 is the header) and, when the problem is one
 * value, its column (1-based) and name.
 */
final class MalformedCsvException extends Exception {

    private final Path file;
    private final long line;
    private final int column;
    private final String columnName;
    private final String problem;

    MalformedCsvException(Path file, long line, int column, String columnName, String problem) {
        super(file + ": " + where(line, column, columnName) + problem);
        this.file = file;
        this.line = line;
        this.column = column;
        this.columnName = columnName;
        this.problem = problem;
    }

    private static String where(long line, int column, String columnName) {
        String at = "line " + line;
        if (column > 0) {
            at += ", column " + column + (columnName == null ? "" : " (" + columnName + ")");
        }
        return at + ": ";
    }

    Path file() {
        return file;
    }

    long line() {
        return line;
    }

    /** The 1-based column, or 0 when the problem is not one value's. */
    int column() {
        return column;
    }

    String columnName() {
        return columnName;
    }

    String problem() {
        return problem;
    }
}
