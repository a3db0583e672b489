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
 * the JSON the gateway's web page charts, and the course's chart as an SVG picture: character accuracy against
 * operations per character, marker area by parameter count.
 */
final class ComparisonReport {

    /** The JSON the gateway serves at /api/v1/model-comparison. */
    record ComparisonJson(String measuredOn, String machine, String command, int valImages, int valCharacters,
            List<ComparedModel> models, Map<String, Double> knnCharacterAccuracy) {
    }

    private final List<ComparedModel> rows;
    private final Map<String, Double> knnSweep;
    private final Map<String, double[]> oneDnn;
    private final String command;
    private final int valImages;
    private final int valCharacters;
    private final double minutes;
    private final String measuredOn = LocalDate.now().toString();
    private final String machine = Machine.describe();

    /**
     * @param knnSweep character accuracy of kNN at other settings, by its settings
     * @param oneDnn   training characters/s with oneDNN on and off, by model name
     * @param minutes  from the command's start to the report
     */
    ComparisonReport(List<ComparedModel> rows, Map<String, Double> knnSweep, Map<String, double[]> oneDnn,
            String command, int valImages, int valCharacters, double minutes) {
        this.rows = rows;
        this.knnSweep = knnSweep;
        this.oneDnn = oneDnn;
        this.command = command;
        this.valImages = valImages;
        this.valCharacters = valCharacters;
        this.minutes = minutes;
    }

    static Path sibling(Path markdown, String extension) {
        String name = markdown.getFileName().toString();
        return markdown.resolveSibling(name.substring(0, name.lastIndexOf('.')) + extension);
    }

    void write(Path markdown) throws IOException {
        MarkdownSections.replace(markdown, "Model comparison", "comparison", table());
        MarkdownSections.replace(markdown, "Model comparison", "onednn", oneDnnTable());
        Files.writeString(sibling(markdown, ".json"), ContractJson.write(new ComparisonJson(measuredOn, machine,
                command, valImages, valCharacters, rows, knnSweep)) + "\n");
        Files.writeString(sibling(markdown, ".svg"), ComparisonChart.svg(rows, String.format(Locale.ROOT,
                "Measured %s by %s", measuredOn, command)));
    }

    private String table() {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, """
                Measured %s on %s, by `%s`, %.0f minutes from its start to this report. Characters: the %,d \
                labelled characters of the %d validation photos, each in its square, read by ONNX Runtime with \
                serving's preprocessing. Photos: the same photos read whole through the default pipeline with the \
                model reading each character the detector found (`./streetdigits recognize --model NAME`). Latency \
                and throughput: ONNX Runtime on the CPU, one intra-op thread per core, median of %d runs (batch 1) \
                and 3 rounds of 2 s (batch 64). Training figures come from each model's card.

                ![Character accuracy against operations per character, marker area by parameters](model-comparison.svg)

                | model | settings | val characters | val photos, whole | parameters | MFLOPs / character \
                | ONNX size | ORT batch 1 | ORT batch 64 | epochs | training | training peak RSS |
                | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
                """, measuredOn, machine, command, minutes, valCharacters, valImages, 200));
        for (ComparedModel m : rows) {
            text.append(String.format(Locale.ROOT,
                    "| `%s/%d` | %s | %.3f | %.3f | %,d | %,.2f | %s | %.2f ms | %,.0f /s | %d | %s | %s |%n",
                    m.name(), m.version(), m.settings(), m.characterAccuracy(), m.wholeStringAccuracy(),
                    m.parameters(), m.flops() / 1e6, size(m.onnxBytes()), m.batchOneMillis(),
                    m.batch64ImagesPerSecond(), m.epochs(),
                    m.trainingSeconds() == null ? "n/a" : String.format(Locale.ROOT, "%,.0f s", m.trainingSeconds()),
                    m.peakMemoryMiB() == null ? "n/a" : String.format(Locale.ROOT, "%,.0f MiB", m.peakMemoryMiB())));
        }
        if (!knnSweep.isEmpty()) {
            text.append("\nkNN at other settings, fitted on the same characters: share of val's characters read"
                    + " right.\n\n| kNN | val characters |\n| --- | ---: |\n");
            knnSweep.forEach((settings, accuracy) -> text.append(String.format(Locale.ROOT, "| %s | %.3f |%n",
                    settings, accuracy)));
        }
        text.append("\nHow each was trained (from its card):\n\n");
        for (ComparedModel m : rows) {
            text.append(String.format("- `%s/%d`: `%s`%n", m.name(), m.version(),
                    m.command() == null ? "not recorded" : m.command()));
        }
        return text.toString();
    }

    private String oneDnnTable() {
        if (oneDnn.isEmpty()) {
            return String.format(Locale.ROOT, """
                    ### Training throughput with and without oneDNN

                    Not measured by the run of %s (`--skip-onednn`, or `--skip-training`, which trains nothing).
                    """, measuredOn);
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, """
                ### Training throughput with and without oneDNN

                Measured %s on %s, by the same command: one short epoch per model on the characters of 300 \
                photos with DL4J's oneDNN layer helpers on, then off (`train --onednn false`), everything else \
                equal.

                | model | oneDNN on | oneDNN off | speed-up |
                | --- | ---: | ---: | ---: |
                """, measuredOn, machine));
        oneDnn.forEach((name, rates) -> text.append(String.format(Locale.ROOT,
                "| `%s` | %,.0f characters/s | %,.0f characters/s | %.2fx |%n", name, rates[0], rates[1],
                rates[0] / rates[1])));
        return text.toString();
    }

    private static String size(long bytes) {
        return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0)
                : String.format(Locale.ROOT, "%.0f KiB", bytes / 1024.0);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
