package io.streetdigits.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetdigits.core.tianchi.LabelledImage;
import io.streetdigits.core.tianchi.SubmissionCsv;
import io.streetdigits.core.tianchi.TianchiLabels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreAndGenerateCommandTest {

    @TempDir
    Path dir;

    @Test
    void generatesADatasetAndScoresASubmissionAgainstItsLabels() throws Exception {
        Path images = dir.resolve("synthetic");
        Path labels = dir.resolve("synthetic.json");
        Path sheet = dir.resolve("sheet.png");
        assertThat(StreetDigitsCli.run("generate", "--images", images.toString(), "--labels", labels.toString(),
                "--count", "4", "--seed", "3", "--sheet", sheet.toString())).isZero();
        List<LabelledImage> written = TianchiLabels.read(labels);
        assertThat(written).hasSize(4);
        assertThat(images.resolve("000003.png")).exists();
        BufferedImage shown = ImageIO.read(sheet.toFile());
        assertThat(shown.getWidth()).isGreaterThan(4 * 192); // four cells in a row of six
        assertThat(shown.getHeight()).isBetween(96, 2 * 96); // one row

        // Three right, one wrong.
        Map<String, String> codes = written.stream().collect(Collectors.toMap(LabelledImage::fileName,
                LabelledImage::code));
        codes.put("000000.png", codes.get("000000.png") + "9");
        Path submission = dir.resolve("submission.csv");
        SubmissionCsv.write(submission, codes);

        String output = capture(() -> assertThat(StreetDigitsCli.run("score", "--labels", labels.toString(),
                "--submission", submission.toString())).isZero());

        assertThat(output).contains("whole-string accuracy 0.7500 (3 of 4 images)");
    }

    @Test
    void generatesInTheNamedStyleAndRefusesAnUnknownOneByName() throws Exception {
        Path street = dir.resolve("street");
        Path plain = dir.resolve("plain");
        for (Path images : List.of(street, plain)) {
            assertThat(StreetDigitsCli.run("generate", "--images", images.toString(), "--labels",
                    images + ".json", "--count", "3", "--seed", "5", "--style", images.getFileName().toString()))
                    .isZero();
        }
        // The same numbers; the street style draws them otherwise.
        assertThat(TianchiLabels.read(Path.of(street + ".json")).stream().map(LabelledImage::code).toList())
                .isEqualTo(TianchiLabels.read(Path.of(plain + ".json")).stream().map(LabelledImage::code).toList());
        assertThat(Files.readAllBytes(street.resolve("000000.png")))
                .isNotEqualTo(Files.readAllBytes(plain.resolve("000000.png")));

        String errors = captureErrors(() -> assertThat(StreetDigitsCli.run("generate", "--images",
                dir.resolve("x").toString(), "--labels", dir.resolve("x.json").toString(), "--style", "fancy"))
                .isEqualTo(2));
        assertThat(errors).contains("synthetic style 'fancy' is not one of [plain, street]");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void unknownOptionsAreRefusedWithUsage() {
        assertThat(StreetDigitsCli.run("score", "--labels", "a.json", "--submission", "b.csv", "--bogus", "1"))
                .isEqualTo(2);
        assertThat(StreetDigitsCli.run("nonsense")).isEqualTo(2);
    }

    private static String captureErrors(Runnable action) {
        return capture(action, System.err, System::setErr);
    }

    private static String capture(Runnable action) {
        return capture(action, System.out, System::setOut);
    }

    private static String capture(Runnable action, PrintStream original, Consumer<PrintStream> redirect) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        redirect.accept(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            redirect.accept(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
