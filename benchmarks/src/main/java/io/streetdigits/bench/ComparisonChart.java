package io.streetdigits.bench;

import java.util.List;
import java.util.Locale;

/**
 * The course's chart as an SVG picture (after Canziani et al. 2017): x = operations per character on a log scale,
 * y = character accuracy on val, marker area proportional to parameters.
 */
final class ComparisonChart {

    private static final int WIDTH = 760;
    private static final int HEIGHT = 440;
    private static final int MARGIN = 60;
    private static final double MAX_RADIUS = 28;

    private ComparisonChart() {
    }

    /** @param caption what the picture says of its measurement, under the plot */
    static String svg(List<ComparedModel> models, String caption) {
        double minLog = Math.floor(Math.log10(models.stream().mapToLong(ComparedModel::flops).min().orElse(1)));
        double maxLog = Math.ceil(Math.log10(models.stream().mapToLong(ComparedModel::flops).max().orElse(10)));
        if (maxLog <= minLog) {
            maxLog = minLog + 1;
        }
        double maxAccuracy = 1.0; // a share: the whole range, so that charts of different runs compare
        long maxParameters = Math.max(1, models.stream().mapToLong(ComparedModel::parameters).max().orElse(1));
        double plotWidth = WIDTH - 2 * MARGIN;
        double plotHeight = HEIGHT - 2 * MARGIN;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\">%n"
                        + "<style>circle { fill: #3b7dd8; fill-opacity: 0.45; stroke: #1d4f9a; } text { font: 12px"
                        + " sans-serif; fill: #222; } .axis { stroke: #888; } .grid { stroke: #eee; }</style>%n"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
                WIDTH, HEIGHT + 20, WIDTH, HEIGHT + 20));
        for (double decade = minLog; decade <= maxLog; decade++) {
            double x = MARGIN + (decade - minLog) / (maxLog - minLog) * plotWidth;
            svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, MARGIN, x, HEIGHT - MARGIN,
                    x, HEIGHT - MARGIN + 18, flops(Math.pow(10, decade))));
        }
        for (int tick = 0; tick <= 10; tick++) {
            double accuracy = maxAccuracy * tick / 10;
            double y = HEIGHT - MARGIN - accuracy / maxAccuracy * plotHeight;
            svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>%n", MARGIN, y, WIDTH - MARGIN, y,
                    MARGIN - 6, y + 4, accuracy));
        }
        svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
                        + "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>%n",
                MARGIN, HEIGHT - MARGIN, WIDTH - MARGIN, HEIGHT - MARGIN, MARGIN, MARGIN, MARGIN, HEIGHT - MARGIN));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">operations per character"
                + " (FLOPs, log scale); marker area: parameters</text>%n<text x=\"%d\" y=\"%d\""
                + " text-anchor=\"middle\">%s</text>%n", WIDTH / 2, HEIGHT - 16, WIDTH / 2, HEIGHT + 6,
                ComparisonReport.escape(caption)));
        svg.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90"
                + " 16 %d)\">character accuracy on val</text>%n", HEIGHT / 2, HEIGHT / 2));
        for (ComparedModel m : models) {
            double x = MARGIN + (Math.log10(Math.max(1, m.flops())) - minLog) / (maxLog - minLog) * plotWidth;
            double y = HEIGHT - MARGIN - m.characterAccuracy() / maxAccuracy * plotHeight;
            double r = 3 + MAX_RADIUS * Math.sqrt((double) m.parameters() / maxParameters);
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"><title>%s: %,d"
                            + " parameters</title></circle><text x=\"%.1f\" y=\"%.1f\">%s</text>%n", x, y, r,
                    ComparisonReport.escape(m.name()), m.parameters(), x + r + 3, y + 4,
                    ComparisonReport.escape(m.name())));
        }
        return svg.append("</svg>").toString();
    }

    private static String flops(double value) {
        if (value >= 1e9) {
            return String.format(Locale.ROOT, "%.0f G", value / 1e9);
        }
        if (value >= 1e6) {
            return String.format(Locale.ROOT, "%.0f M", value / 1e6);
        }
        return String.format(Locale.ROOT, "%.0f k", value / 1e3);
    }
}
