package io.streetdigits.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps one section per benchmark in a Markdown file, between {@code <!-- name:start -->} and
 * {@code <!-- name:end -->}, so each benchmark rewrites its own figures and leaves the others alone.
 */
final class MarkdownSections {

    private MarkdownSections() {
    }

    static void replace(Path file, String title, String name, String content) throws IOException {
        String start = "<!-- " + name + ":start -->";
        String end = "<!-- " + name + ":end -->";
        String block = start + "\n" + content.strip() + "\n" + end;
        String text = Files.exists(file) ? Files.readString(file) : "# " + title
                + "\n\nEach section is rewritten by the command it names, measured on a shared machine.\n";
        int from = text.indexOf(start);
        int to = text.indexOf(end);
        if (from >= 0 && to > from) {
            text = text.substring(0, from) + block + text.substring(to + end.length());
        } else {
            text = text.stripTrailing() + "\n\n" + block + "\n";
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text);
    }
}
