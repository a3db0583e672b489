package io.streetdigits.bench;

import io.streetdigits.core.contract.ContractJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a comparison three ways: its sections of the Markdown file (the rest of the file is prose kept by hand),
 * the JSON the gateway's web page charts, and a standalone HTML page with the course's chart: accuracy against
 * operations per image, marker area by parameter count.
 */
final class ComparisonReport {

    /** The JSON the gateway serves at /api/v1/model-comparison. */
    record ComparisonJson(String measuredOn, String machine, String command, int valImages,
            List<ComparedModel> models) {
    }

    private final List<ComparedModel> rows;
    private final Map<String, double[]> oneDnn;
    private final String command;
    private final int valImages;
    private final String measuredOn = LocalDate.now().toString();
    private final String machine = Machine.describe();

    /** @param oneDnn training images/s with oneDNN on and off, by model name */
    ComparisonReport(List<ComparedModel> rows, Map<String, double[]> oneDnn, String command, int valImages) {
        this.rows = rows;
        this.oneDnn = oneDnn;
        this.command = command;
        this.valImages = valImages;
    }

    static Path sibling(Path markdown, String extension) {
        String name = markdown.getFileName().toString();
        return markdown.resolveSibling(name.substring(0, name.lastIndexOf('.')) + extension);
    }

    void write(Path markdown) throws IOException {
        MarkdownSections.replace(markdown, "Model comparison", "comparison", table());
        if (!oneDnn.isEmpty()) {
            MarkdownSections.replace(markdown, "Model comparison", "onednn", oneDnnTable());
        }
        Files.writeString(sibling(markdown, ".json"), ContractJson.write(new ComparisonJson(measuredOn, machine,
                command, valImages, rows)) + "\n");
        Files.writeString(sibling(markdown, ".html"), html());
    }

    private String table() {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, """
                Measured %s on %s, by `%s`. Accuracy: the %d validation images read by ONNX Runtime with serving's \
                preprocessing and decoder. Latency and throughput: ONNX Runtime on the CPU, one intra-op thread per \
                core, median of %s. Training figures come from each model's card.

                | model | settings | val whole-string | val per-character | parameters | MFLOPs / image | ONNX size \
                | ORT batch 1 | ORT batch 64 | epochs | training s / epoch | training peak RSS |
                | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
                """, measuredOn, machine, command, valImages, "200 runs (batch 1) and 3 rounds of 2 s (batch 64)"));
        for (ComparedModel m : rows) {
            text.append(String.format(Locale.ROOT,
                    "| `%s/%d` | %s | %.3f | %.3f | %,d | %,.1f | %s | %.2f ms | %,.0f images/s | %d | %s | %s |%n",
                    m.name(), m.version(), m.settings(), m.wholeStringAccuracy(), m.characterAccuracy(),
                    m.parameters(), m.flops() / 1e6, size(m.onnxBytes()), m.batchOneMillis(),
                    m.batch64ImagesPerSecond(), m.epochs(),
                    m.secondsPerEpoch() == null ? "n/a" : String.format(Locale.ROOT, "%.1f", m.secondsPerEpoch()),
                    m.peakMemoryMiB() == null ? "n/a" : String.format(Locale.ROOT, "%,.0f MiB", m.peakMemoryMiB())));
        }
        return text.toString();
    }

    private String oneDnnTable() {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, """
                ### Training throughput with and without oneDNN

                Measured %s on %s, by the same command: one short epoch per model with DL4J's oneDNN layer helpers \
                on, then off (`train --onednn false`), everything else equal.

                | model | oneDNN on | oneDNN off | speed-up |
                | --- | ---: | ---: | ---: |
                """, measuredOn, machine));
        oneDnn.forEach((name, rates) -> text.append(String.format(Locale.ROOT,
                "| `%s` | %,.0f images/s | %,.0f images/s | %.2fx |%n", name, rates[0], rates[1], rates[0] / rates[1])));
        return text.toString();
    }

    private static String size(long bytes) {
        return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0)
                : String.format(Locale.ROOT, "%.0f KiB", bytes / 1024.0);
    }

    private String html() {
        return """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>Street Digits: model comparison</title>
                <style>
                body { font-family: sans-serif; margin: 2em; color: #222; }
                circle { fill: #3b7dd8; fill-opacity: 0.45; stroke: #1d4f9a; }
                text { font-size: 12px; }
                .axis { stroke: #888; }
                .grid { stroke: #eee; }
                </style>
                </head>
                <body>
                <h1>Model comparison</h1>
                <p>Whole-string accuracy on the validation images against operations per image; the area of each
                marker is proportional to the model's parameters. Measured %s on %s by <code>%s</code>; the table
                is in <code>model-comparison.md</code>.</p>
                %s
                </body>
                </html>
                """.formatted(measuredOn, escape(machine), escape(command), ComparisonChart.svg(rows));
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
