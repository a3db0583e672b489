package io.streetdigits.core.tianchi;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where a submission goes wrong: whole-string accuracy per label length, and a confusion matrix of the digit read
 * against the digit expected, position by position ("-" where one of the two has no digit at that position).
 *
 * @param byLength  images and exact readings per number of digits in the label
 * @param confusion {@code confusion[expected][read]}, digits 0-9 and {@link #NONE}
 */
public record ErrorAnalysis(SortedMap<Integer, LengthScore> byLength, long[][] confusion) {

    /** The row and column for "no digit at this position". */
    public static final int NONE = 10;

    public ErrorAnalysis {
        byLength = Collections.unmodifiableSortedMap(new TreeMap<>(byLength));
    }

    /** Images with labels of one length, and how many of them were read exactly. */
    public record LengthScore(int images, int correct) {

        public double accuracy() {
            return images == 0 ? 0.0 : (double) correct / images;
        }
    }

    /** Analyses a submission; an image it does not list counts as read as nothing. */
    public static ErrorAnalysis of(Collection<LabelledImage> labels, Map<String, String> submission) {
        SortedMap<Integer, LengthScore> byLength = new TreeMap<>();
        long[][] confusion = new long[NONE + 1][NONE + 1];
        for (LabelledImage image : labels) {
            String expected = image.code();
            String read = submission.getOrDefault(image.fileName(), "");
            byLength.merge(expected.length(), new LengthScore(1, read.equals(expected) ? 1 : 0),
                    (a, b) -> new LengthScore(a.images() + b.images(), a.correct() + b.correct()));
            for (int i = 0; i < Math.max(expected.length(), read.length()); i++) {
                confusion[digitAt(expected, i)][digitAt(read, i)]++;
            }
        }
        return new ErrorAnalysis(byLength, confusion);
    }

    private static int digitAt(String code, int position) {
        return position < code.length() ? code.charAt(position) - '0' : NONE;
    }

    /** Both tables in Markdown, ready for a report. */
    public String toMarkdown() {
        StringBuilder text = new StringBuilder("| digits in the label | images | read exactly | accuracy |\n"
                + "| --- | --- | --- | --- |\n");
        byLength.forEach((length, score) -> text.append(String.format("| %d | %d | %d | %.3f |%n", length,
                score.images(), score.correct(), score.accuracy())));
        text.append("\nRows: the digit expected at a position; columns: the digit read there.\n\n| |");
        for (int read = 0; read <= NONE; read++) {
            text.append(' ').append(name(read)).append(" |");
        }
        text.append("\n|").append(" --- |".repeat(NONE + 2)).append('\n');
        for (int expected = 0; expected <= NONE; expected++) {
            text.append("| **").append(name(expected)).append("** |");
            for (int read = 0; read <= NONE; read++) {
                long count = confusion[expected][read];
                text.append(' ').append(expected == read ? "**" + count + "**" : Long.toString(count)).append(" |");
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static String name(int digit) {
        return digit == NONE ? "-" : Integer.toString(digit);
    }
}
