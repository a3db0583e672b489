package io.streetdigits.cli;

import io.streetdigits.core.tianchi.ErrorAnalysis;
import io.streetdigits.core.tianchi.LabelledImage;
import io.streetdigits.core.tianchi.SubmissionCsv;
import io.streetdigits.core.tianchi.SubmissionScore;
import io.streetdigits.core.tianchi.SubmissionScorer;
import io.streetdigits.core.tianchi.TianchiLabels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Scores a submission CSV against a Tianchi label file with the competition metric. */
final class ScoreCommand implements StreetDigitsCli.Command {

    @Override
    public String usage() {
        return "score --labels FILE.json --submission FILE.csv";
    }

    @Override
    public int run(Options options) throws Exception {
        Path labelsFile = options.path("labels");
        Path submissionFile = options.path("submission");
        options.requireAllUsed();
        List<LabelledImage> labels = TianchiLabels.read(labelsFile);
        Map<String, String> submission = SubmissionCsv.read(submissionFile);
        SubmissionScore score = SubmissionScorer.score(labels, submission);
        System.out.printf("whole-string accuracy %.4f (%d of %d images)%n", score.accuracy(), score.correct(),
                score.labelled());
        System.out.printf("per-character accuracy %.4f (%d of %d positions)%n", score.characterAccuracy(),
                score.characterMatches(), score.characterPositions());
        if (score.missing() > 0) {
            System.out.printf("%d labelled images are missing from the submission (scored wrong)%n", score.missing());
        }
        if (score.unexpected() > 0) {
            System.out.printf("%d submitted images have no label (ignored)%n", score.unexpected());
        }
        System.out.println();
        System.out.print(ErrorAnalysis.of(labels, submission).toMarkdown());
        System.out.println();
        if (!score.wrong().isEmpty()) {
            System.out.println("some mismatches (file: expected -> submitted):");
            score.wrong().stream().limit(10).forEach(m -> System.out.printf("  %s: %s -> %s%n", m.fileName(),
                    m.expected(), m.submitted().isEmpty() ? "(nothing)" : m.submitted()));
        }
        return 0;
    }
}
