package io.streetdigits.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the image-decoding path with a seeded mutation loop: valid PNG, JPEG, BMP, GIF and TIFF images with
 * bytes flipped, spliced, duplicated and cut. Whatever the bytes, decoding and preprocessing must either produce a
 * tensor or refuse with an {@link ImageRejectedException}; any other exception or error is a crash. A crash's input
 * is written to {@code target/fuzz-crashes/}; move it to {@code src/test/resources/fuzz-regressions/} and it is
 * replayed by every build. Bounded: {@code -Dfuzz.seconds} (default 20) and {@code -Dfuzz.seed} (default 1).
 */
class ImageDecoderFuzzTest {

    private static final ImageDecoder DECODER = new ImageDecoder(new ImageLimits(1 << 20, 1 << 20, 4 << 20));
    private static final ImagePreprocessor PREPROCESSOR = new ImagePreprocessor(PreprocessingSpec.centred(32, 16));

    @Test
    void mutatedImagesAreDecodedOrRefusedButNeverCrash() throws Exception {
        long seconds = Long.getLong("fuzz.seconds", 20);
        SplittableRandom random = new SplittableRandom(Long.getLong("fuzz.seed", 1));
        List<byte[]> seeds = seeds();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        int runs = 0;
        int decoded = 0;
        List<String> crashes = new ArrayList<>();
        while (System.nanoTime() < deadline && crashes.size() < 5) {
            byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
            String crash = exercise(input);
            if (crash == null) {
                decoded++;
            } else if (!crash.isEmpty()) {
                crashes.add(crash + " (input saved as " + save(input, runs) + ")");
            }
            runs++;
        }
        System.out.printf("image decoder fuzzing: %d inputs in %d s, %d decoded, the rest refused, %d crashes%n",
                runs, seconds, decoded, crashes.size());
        assertThat(runs).isGreaterThan(100);
        assertThat(crashes).isEmpty();
    }

    @Test
    void everyRecordedCrashStaysFixed() throws Exception {
        Path regressions = Path.of("src/test/resources/fuzz-regressions");
        try (Stream<Path> files = Files.list(regressions)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
                String crash = exercise(Files.readAllBytes(file));
                assertThat(crash == null || crash.isEmpty()).as(file + ": " + crash).isTrue();
            }
        }
    }

    /** Null when the input decoded to a tensor, "" when it was refused, otherwise what crashed. */
    private static String exercise(byte[] input) {
        try {
            BufferedImage image = DECODER.decode(input, "fuzz input");
            float[] tensor = PREPROCESSOR.toTensor(image);
            for (float value : tensor) {
                if (!Float.isFinite(value)) {
                    return "non-finite tensor value " + value;
                }
            }
            return null;
        } catch (ImageRejectedException e) {
            return "";
        } catch (Throwable e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static byte[] mutate(byte[] seed, SplittableRandom random) {
        byte[] bytes = seed.clone();
        int edits = 1 + random.nextInt(8);
        for (int e = 0; e < edits; e++) {
            switch (random.nextInt(5)) {
                case 0 -> bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256); // overwrite a byte
                case 1 -> bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8)); // flip a bit
                case 2 -> bytes = java.util.Arrays.copyOf(bytes, 1 + random.nextInt(bytes.length)); // truncate
                case 3 -> { // duplicate a slice in place (repeated chunks, inflated lengths)
                    int from = random.nextInt(bytes.length);
                    int length = Math.min(1 + random.nextInt(64), bytes.length - from);
                    byte[] grown = new byte[bytes.length + length];
                    System.arraycopy(bytes, 0, grown, 0, from + length);
                    System.arraycopy(bytes, from, grown, from + length, bytes.length - from);
                    bytes = grown;
                }
                default -> { // write an extreme 32-bit value (sizes, lengths, offsets)
                    int at = random.nextInt(Math.max(1, bytes.length - 4));
                    int value = random.nextBoolean() ? -1 : random.nextInt();
                    for (int i = 0; i < 4 && at + i < bytes.length; i++) {
                        bytes[at + i] = (byte) (value >>> (24 - 8 * i));
                    }
                }
            }
        }
        return bytes;
    }

    private static List<byte[]> seeds() {
        BufferedImage image = new BufferedImage(40, 24, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, 40, 24);
        g.setColor(Color.BLUE);
        g.drawString("42", 8, 18);
        g.dispose();
        List<byte[]> seeds = new ArrayList<>();
        for (String format : List.of("png", "jpg", "bmp", "gif", "tiff")) {
            seeds.add(TestImages.encode(image, format));
        }
        BufferedImage grey = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        seeds.add(TestImages.encode(grey, "png"));
        return seeds;
    }

    private static Path save(byte[] input, int run) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "fuzz-crashes"));
        return Files.write(dir.resolve("crash-" + run + ".bin"), input);
    }
}
