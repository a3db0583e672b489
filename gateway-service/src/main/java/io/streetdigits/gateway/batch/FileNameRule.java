package io.streetdigits.gateway.batch;

import java.util.Optional;

/**
 * What a batch image's file name may be. It becomes a cell of the submission CSV (and a header on Kafka, a line
 * in logs), so: no control character anywhere (Unicode category Cc, U+0000-U+001F and U+007F-U+009F: newline, CR,
 * tab, NUL...; nor the line and paragraph separators U+2028, U+2029), and no first character that a spreadsheet
 * reads as the start of a formula ({@code = + - @}). Commas and double quotes are allowed: the CSV quotes them
 * (RFC 4180).
 */
final class FileNameRule {

    /** The problem type of a name that breaks the rule. */
    static final String PROBLEM_TYPE = "invalid-file-name";

    static final String RULE = "file names must not contain control characters (U+0000-U+001F, U+007F-U+009F,"
            + " U+2028, U+2029) and must not start with '=', '+', '-' or '@' (a spreadsheet reads those as a"
            + " formula)";

    private static final String FORMULA_STARTS = "=+-@";

    private FileNameRule() {
    }

    /** Why the whole name (a zip entry's path included) breaks the control-character part of the rule, if it does. */
    static Optional<String> controlCharacter(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.getType(c) == Character.CONTROL || c == '\u2028' || c == '\u2029') {
                return Optional.of(String.format("holds the control character U+%04X at position %d", (int) c, i));
            }
        }
        return Optional.empty();
    }

    /** Why a file name (the CSV's cell) breaks the rule, if it does. */
    static Optional<String> violation(String fileName) {
        Optional<String> control = controlCharacter(fileName);
        if (control.isPresent()) {
            return control;
        }
        if (!fileName.isEmpty() && FORMULA_STARTS.indexOf(fileName.charAt(0)) >= 0) {
            return Optional.of("starts with '" + fileName.charAt(0) + "'");
        }
        return Optional.empty();
    }

    /** The name as a detail can show it on one line: control characters as {@code \\uXXXX}. */
    static String printable(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.getType(c) == Character.CONTROL || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
