package io.streetdigits.core.tianchi;

import java.util.List;

/**
 * A submission scored the competition's way: whole-string accuracy over every labelled image, where an image the
 * submission does not list counts as wrong.
 *
 * @param labelled   images in the label file
 * @param correct    images whose code matches exactly
 * @param missing    labelled images the submission does not list
 * @param unexpected file names in the submission that have no label (ignored by the score)
 * @param characterMatches  characters equal to the label at the same position, over all labelled images
 * @param characterPositions positions compared: per image, the longer of label and submission
 * @param wrong      a few of the mismatches, for people to look at
 */
public record SubmissionScore(int labelled, int correct, int missing, int unexpected, long characterMatches,
        long characterPositions, List<Mismatch> wrong) {

    public SubmissionScore {
        wrong = List.copyOf(wrong);
    }

    /** The competition metric: the fraction of labelled images read exactly. */
    public double accuracy() {
        return labelled == 0 ? 0.0 : (double) correct / labelled;
    }

    /** Per-character accuracy: position-wise matches over the longer of label and reading, so extra digits count. */
    public double characterAccuracy() {
        return characterPositions == 0 ? 0.0 : (double) characterMatches / characterPositions;
    }

    /** One image read wrongly: what was expected and what was submitted. */
    public record Mismatch(String fileName, String expected, String submitted) {
    }
}
