package io.streetdigits.gateway.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadedImagesTest {

    @TempDir
    Path folder;

    @Test
    void everyEntryOfAZipIsReadBackWholeAndPlainPartsAsTheyAre() throws IOException {
        byte[][] images = new byte[300][];
        Random random = new Random(7);
        Path zip = folder.resolve("batch.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream entries = new ZipOutputStream(out)) {
            for (int i = 0; i < images.length; i++) {
                images[i] = new byte[1 + random.nextInt(40_000)];
                random.nextBytes(images[i]);
                entries.putNextEntry(new ZipEntry("photos/" + i + ".png"));
                entries.write(images[i]);
                entries.closeEntry();
            }
        }
        Path plain = Files.write(folder.resolve("alone.png"), new byte[] {1, 2, 3});

        try (UploadedImages uploaded = new UploadedImages()) {
            for (int i = 0; i < images.length; i++) {
                assertThat(uploaded.read(new BatchEntry(i + ".png", zip, "photos/" + i + ".png", "image/png"),
                        1 << 20)).as("entry " + i).isEqualTo(images[i]);
            }
            assertThat(uploaded.read(new BatchEntry("alone.png", plain, null, "image/png"), 1 << 20))
                    .containsExactly(1, 2, 3);
        }
    }

    @Test
    void aStreamLongerThanDeclaredIsReadToItsEndButNeverPastTheLimit() throws IOException {
        byte[] bytes = new byte[10_000];
        new Random(3).nextBytes(bytes);

        assertThat(BoundedRead.read(new ByteArrayInputStream(bytes), 10_000, 20_000, "exact")).isEqualTo(bytes);
        assertThat(BoundedRead.read(new ByteArrayInputStream(bytes), 100, 20_000, "declared less")).isEqualTo(bytes);
        assertThat(BoundedRead.read(new ByteArrayInputStream(bytes), 50_000, 20_000, "declared more"))
                .isEqualTo(bytes);
        assertThat(BoundedRead.read(new ByteArrayInputStream(bytes), -1, 20_000, "undeclared")).isEqualTo(bytes);
        assertThatThrownBy(() -> BoundedRead.read(new ByteArrayInputStream(bytes), 100, 9_999, "entry x.png"))
                .isInstanceOf(BoundedRead.TooLarge.class).hasMessageContaining("entry x.png")
                .hasMessageContaining("9,999 bytes");
        assertThatThrownBy(() -> BoundedRead.read(new ByteArrayInputStream(bytes), 9_999, 9_999, "entry y.png"))
                .isInstanceOf(BoundedRead.TooLarge.class);
    }

    @Test
    void countingReadsThroughAScratchBufferAndStopsAtTheLimit() throws IOException {
        byte[] scratch = new byte[64];

        assertThat(BoundedRead.count(new ByteArrayInputStream(new byte[1000]), 1000, "entry", scratch))
                .isEqualTo(1000);
        assertThatThrownBy(() -> BoundedRead.count(new ByteArrayInputStream(new byte[1000]), 999, "entry z.png",
                scratch)).isInstanceOf(BoundedRead.TooLarge.class).hasMessageContaining("entry z.png");
    }
}
