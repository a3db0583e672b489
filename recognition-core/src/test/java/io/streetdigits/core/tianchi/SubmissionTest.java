package io.streetdigits.core.tianchi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubmissionTest {

    @TempDir
    Path dir;

    @Test
    void writesTheCompetitionFormatSortedByFileName() throws IOException {
        Path file = dir.resolve("submit.csv");

        SubmissionCsv.write(file, Map.of("000001.png", "210", "000000.png", "19", "000002.png", ""));

        assertThat(Files.readString(file)).isEqualTo("file_name,file_code\n000000.png,19\n000001.png,210\n000002.png,\n");
        assertThat(SubmissionCsv.read(file)).containsEntry("000002.png", "").hasSize(3);
    }

    @Test
    void readsFilesWithByteOrderMarkAndCrlf() throws IOException {
        Path file = Files.writeString(dir.resolve("s.csv"), "\uFEFFfile_name,file_code\r\n000000.png,19\r\n");

        assertThat(SubmissionCsv.read(file)).containsExactly(Map.entry("000000.png", "19"));
    }

    @Test
    void quotesNamesWithACommaAQuoteOrALineBreakAndReadsThemBack() throws IOException {
        Path file = dir.resolve("quoted.csv");
        Map<String, String> codes = Map.of("a,b.png", "12", "say \"hi\".png", "3", "two\nlines.png", "",
                "plain.png", "45");

        SubmissionCsv.write(file, codes);

        assertThat(Files.readString(file)).isEqualTo("file_name,file_code\n\"a,b.png\",12\nplain.png,45\n"
                + "\"say \"\"hi\"\".png\",3\n\"two\nlines.png\",\n");
        assertThat(SubmissionCsv.read(file)).isEqualTo(codes);
    }

    @Test
    void refusesAQuotedFieldThatNeverCloses() throws IOException {
        Path open = Files.writeString(dir.resolve("o.csv"), "file_name,file_code\n\"a.png,1\n");

        assertThatThrownBy(() -> SubmissionCsv.read(open)).hasMessageContaining("line 2", "never closes");
    }

    @Test
    void refusesDuplicatesAndNonDigitCodesNamingTheLine() throws IOException {
        Path twice = Files.writeString(dir.resolve("d.csv"), "file_name,file_code\na.png,1\na.png,2\n");
        Path letters = Files.writeString(dir.resolve("l.csv"), "file_name,file_code\na.png,1x\n");

        assertThatThrownBy(() -> SubmissionCsv.read(twice)).hasMessageContaining("a.png twice (line 3)");
        assertThatThrownBy(() -> SubmissionCsv.read(letters)).hasMessageContaining("line 2", "digits only");
    }

    @Test
    void scoresWholeStringAccuracyCountingMissingImagesAsWrong() {
        List<LabelledImage> labels = List.of(image("a.png", 1, 9), image("b.png", 2), image("c.png", 3, 3),
                image("d.png", 4));

        SubmissionScore score = SubmissionScorer.score(labels,
                Map.of("a.png", "19", "b.png", "2", "c.png", "3", "z.png", "1"));

        assertThat(score.correct()).isEqualTo(2);
        assertThat(score.missing()).isEqualTo(1);
        assertThat(score.unexpected()).isEqualTo(1);
        assertThat(score.accuracy()).isEqualTo(0.5);
        // a: 2 of 2, b: 1 of 1, c: 1 of 2, d (missing): 0 of 1
        assertThat(score.characterAccuracy()).isEqualTo(4.0 / 6.0);
        assertThat(score.wrong()).containsExactly(new SubmissionScore.Mismatch("c.png", "33", "3"));
    }

    @Test
    void analysesAccuracyPerLengthAndConfusesDigitsPositionByPosition() {
        List<LabelledImage> labels = List.of(image("a.png", 1, 9), image("b.png", 2), image("c.png", 3, 3),
                image("d.png", 4));

        ErrorAnalysis analysis = ErrorAnalysis.of(labels, Map.of("a.png", "17", "b.png", "2", "c.png", "3"));

        assertThat(analysis.byLength()).containsExactly(
                Map.entry(1, new ErrorAnalysis.LengthScore(2, 1)), Map.entry(2, new ErrorAnalysis.LengthScore(2, 0)));
        assertThat(analysis.confusion()[9][7]).isEqualTo(1); // a: 9 read as 7
        assertThat(analysis.confusion()[3][ErrorAnalysis.NONE]).isEqualTo(1); // c: the second 3 not read
        assertThat(analysis.confusion()[4][ErrorAnalysis.NONE]).isEqualTo(1); // d: missing, read as nothing
        assertThat(analysis.confusion()[1][1] + analysis.confusion()[2][2] + analysis.confusion()[3][3]).isEqualTo(3);
        assertThat(analysis.toMarkdown()).contains("| 1 | 2 | 1 | 0.500 |",
                "| **9** | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 |");
    }

    private static LabelledImage image(String name, int... digits) {
        return new LabelledImage(name, java.util.Arrays.stream(digits)
                .mapToObj(d -> new CharacterBox(d, 0, 0, 1, 1)).toList());
    }
}
