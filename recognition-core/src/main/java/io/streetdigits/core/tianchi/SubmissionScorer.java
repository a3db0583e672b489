package io.streetdigits.core.tianchi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Scores a submission against labels with the competition metric, whole-string accuracy. */
public final class SubmissionScorer {

    private static final int MISMATCHES_KEPT = 20;

    private SubmissionScorer() {
    }

    public static SubmissionScore score(Collection<LabelledImage> labels, Map<String, String> submission) {
        int correct = 0;
        int missing = 0;
        long characterMatches = 0;
        long characterPositions = 0;
        List<SubmissionScore.Mismatch> wrong = new ArrayList<>();
        for (LabelledImage image : labels) {
            String submitted = submission.get(image.fileName());
            String expected = image.code();
            String read = submitted == null ? "" : submitted;
            characterPositions += Math.max(expected.length(), read.length());
            for (int i = 0; i < Math.min(expected.length(), read.length()); i++) {
                if (expected.charAt(i) == read.charAt(i)) {
                    characterMatches++;
                }
            }
            if (submitted == null) {
                missing++;
            } else if (submitted.equals(expected)) {
                correct++;
            } else if (wrong.size() < MISMATCHES_KEPT) {
                wrong.add(new SubmissionScore.Mismatch(image.fileName(), image.code(), submitted));
            }
        }
        long labelledNames = labels.stream().map(LabelledImage::fileName).filter(submission::containsKey).count();
        int unexpected = (int) (submission.size() - labelledNames);
        return new SubmissionScore(labels.size(), correct, missing, unexpected, characterMatches, characterPositions,
                wrong);
    }
}
