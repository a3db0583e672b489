package io.streetdigits.core.tianchi;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The competition's submission format: a header {@code file_name,file_code}, then one line per image such as
 * {@code 000000.png,19}, sorted by file name. An image that could not be read has an empty code (scored wrong).
 */
public final class SubmissionCsv {

    public static final String HEADER = "file_name,file_code";

    private SubmissionCsv() {
    }

    /** Writes codes by file name, sorted by file name. */
    public static void write(Path file, Map<String, String> codesByFileName) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(out, codesByFileName);
        }
    }

    /** Writes codes by file name, sorted by file name, to a writer the caller closes. */
    public static void write(Writer out, Map<String, String> codesByFileName) throws IOException {
        out.write(HEADER);
        out.write('\n');
        for (Map.Entry<String, String> row : new TreeMap<>(codesByFileName).entrySet()) {
            requireCsvSafe(row.getKey());
            requireDigits(row.getKey(), row.getValue());
            out.write(row.getKey());
            out.write(',');
            out.write(row.getValue());
            out.write('\n');
        }
    }

    /** Reads a submission into codes by file name; tolerates a byte-order mark and CRLF line ends. */
    public static Map<String, String> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).replace("\uFEFF", "").strip().equals(HEADER)) {
            throw new IOException("submission " + file + " must start with the header '" + HEADER + "'");
        }
        Map<String, String> codes = new TreeMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            int comma = line.indexOf(',');
            if (comma < 1 || line.indexOf(',', comma + 1) >= 0) {
                throw new IOException("submission " + file + " line " + (i + 1) + " is not 'file_name,file_code': "
                        + line);
            }
            String fileName = line.substring(0, comma);
            String code = line.substring(comma + 1);
            try {
                requireDigits(fileName, code);
            } catch (IllegalArgumentException e) {
                throw new IOException("submission " + file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
            if (codes.put(fileName, code) != null) {
                throw new IOException("submission " + file + " lists " + fileName + " twice (line " + (i + 1) + ")");
            }
        }
        return codes;
    }

    private static void requireCsvSafe(String fileName) {
        if (fileName.isEmpty() || fileName.contains(",") || fileName.contains("\n") || fileName.contains("\r")) {
            throw new IllegalArgumentException("file name '" + fileName + "' cannot be written to a submission CSV");
        }
    }

    private static void requireDigits(String fileName, String code) {
        for (int i = 0; i < code.length(); i++) {
            if (code.charAt(i) < '0' || code.charAt(i) > '9') {
                throw new IllegalArgumentException("file_code '" + code + "' for " + fileName + " must be digits only");
            }
        }
    }
}
