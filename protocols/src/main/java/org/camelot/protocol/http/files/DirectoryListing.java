package org.camelot.protocol.http.files;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.camelot.protocol.http.PercentEncoding;
import org.camelot.protocol.http.Response;

/** The HTML listing of a directory, as nginx's autoindex shows it; every name is escaped, in the text and the link. */
final class DirectoryListing {

    /** A directory with more entries is listed up to here, with a note. */
    static final int MAX_ENTRIES = 10_000;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private record Item(String name, boolean directory, long size, long modified) {
    }

    private final boolean dotfiles;

    DirectoryListing(boolean dotfiles) {
        this.dotfiles = dotfiles;
    }

    /**
     * Lists {@code dir}, shown as {@code requestPath}; runs on the blocking executor. Entries are looked at without
     * following links: a link is listed without size or date, which are its target's business (and the target is
     * checked when the link is requested).
     */
    Response render(Folder dir, String requestPath) {
        List<Item> items = new ArrayList<>();
        boolean truncated = false;
        try {
            for (Path p : dir.entries()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") && !dotfiles) {
                    continue;
                }
                if (items.size() == MAX_ENTRIES) {
                    truncated = true;
                    break;
                }
                try {
                    BasicFileAttributes a = dir.attributes(name);
                    items.add(a.isSymbolicLink() ? new Item(name, false, -1, -1)
                            : new Item(name, a.isDirectory(), a.size(), a.lastModifiedTime().toMillis()));
                } catch (IOException | RuntimeException e) {
                    items.add(new Item(name, false, -1, -1));
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            return Response.status(HttpResponseStatus.FORBIDDEN);
        }
        items.sort(Comparator.comparing((Item i) -> !i.directory()).thenComparing(Item::name));
        StringBuilder html = new StringBuilder(256 + items.size() * 120);
        String title = "Index of " + escape(requestPath);
        html.append("<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>").append(title)
                .append("</title></head>\n<body>\n<h1>").append(title).append("</h1><hr><pre>\n");
        if (!requestPath.equals("/")) {
            html.append("<a href=\"../\">../</a>\n");
        }
        for (Item i : items) {
            String shown = i.name() + (i.directory() ? "/" : "");
            html.append("<a href=\"").append(escape(PercentEncoding.encodePath("./" + shown).substring(2)))
                    .append("\">").append(escape(shown)).append("</a>")
                    .append(" ".repeat(Math.max(1, 51 - shown.length())))
                    .append(i.modified() < 0 ? "-" : TIME.format(Instant.ofEpochMilli(i.modified())))
                    .append(i.directory() || i.size() < 0 ? "                   -" : String.format("%20d", i.size()))
                    .append('\n');
        }
        if (truncated) {
            html.append("(only the first ").append(MAX_ENTRIES).append(" entries are listed)\n");
        }
        html.append("</pre><hr></body>\n</html>\n");
        return Response.ok().contentType("text/html; charset=utf-8").body(html.toString());
    }

    /** Escapes text for HTML content and attribute values. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
