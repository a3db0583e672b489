package io.streetdigits.core.tianchi;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The competition's submission format: a header {@code file_name,file_code}, then one line per image such as
 * {@code 000000.png,19}, sorted by file name. An image that could not be read has an empty code (scored wrong).
 * Fields follow RFC 4180: a file name holding a comma, a double quote, a CR or a LF is written between double
 * quotes (a quote inside doubled), so any file name can be written and read back; every other name is written as
 * it is, which is what the competition's files hold.
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
            requireDigits(row.getKey(), row.getValue());
            out.write(field(row.getKey()));
            out.write(',');
            out.write(row.getValue());
            out.write('\n');
        }
    }

    /**
     * Reads a submission into codes by file name; tolerates a byte-order mark and CRLF line ends, and reads RFC 4180
     * quoted fields.
     */
    public static Map<String, String> read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).replace("\uFEFF", "");
        List<Record> records;
        try {
            records = records(text);
        } catch (IllegalArgumentException e) {
            throw new IOException("submission " + file + ": " + e.getMessage(), e);
        }
        if (records.isEmpty() || records.get(0).fields().size() != 2
                || !String.join(",", records.get(0).fields()).strip().equals(HEADER)) {
            throw new IOException("submission " + file + " must start with the header '" + HEADER + "'");
        }
        Map<String, String> codes = new TreeMap<>();
        for (Record record : records.subList(1, records.size())) {
            List<String> fields = record.fields();
            if (fields.size() == 1 && fields.get(0).isBlank()) {
                continue;
            }
            if (fields.size() != 2 || fields.get(0).isEmpty()) {
                throw new IOException("submission " + file + " line " + record.line() + " is not"
                        + " 'file_name,file_code': " + String.join(",", fields));
            }
            String fileName = fields.get(0);
            String code = fields.get(1).strip();
            try {
                requireDigits(fileName, code);
            } catch (IllegalArgumentException e) {
                throw new IOException("submission " + file + " line " + record.line() + ": " + e.getMessage(), e);
            }
            if (codes.put(fileName, code) != null) {
                throw new IOException("submission " + file + " lists " + fileName + " twice (line " + record.line()
                        + ")");
            }
        }
        return codes;
    }

    /** A field as RFC 4180 writes it: quoted when it holds a comma, a quote, a CR or a LF. */
    static String field(String value) {
        boolean quote = value.isEmpty() || value.indexOf(',') >= 0 || value.indexOf('"') >= 0
                || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    /** One record and the line it starts on. */
    private record Record(int line, List<String> fields) {
    }

    /** Splits RFC 4180 text into records; a record ends at LF or CRLF outside quotes. */
    private static List<Record> records(String text) {
        List<Record> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        boolean quoted = false;
        boolean inRecord = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            inRecord = true;
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n')) {
                if (c == '\r') {
                    i++;
                }
                fields.add(field.toString());
                field.setLength(0);
                records.add(new Record(recordLine, List.copyOf(fields)));
                fields.clear();
                line++;
                recordLine = line;
                inRecord = false;
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("line " + recordLine + " opens a quoted field that never closes");
        }
        if (inRecord) {
            fields.add(field.toString());
            records.add(new Record(recordLine, List.copyOf(fields)));
        }
        return records;
    }

    private static void requireDigits(String fileName, String code) {
        for (int i = 0; i < code.length(); i++) {
            if (code.charAt(i) < '0' || code.charAt(i) > '9') {
                throw new IllegalArgumentException("file_code '" + code + "' for " + fileName + " must be digits only");
            }
        }
    }
}
