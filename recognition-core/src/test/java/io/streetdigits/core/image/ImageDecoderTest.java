package io.streetdigits.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streetdigits.core.contract.ErrorCode;
import io.streetdigits.core.synthetic.HostileImages;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder(new ImageLimits(100_000, 1_000_000, 4_000_000));

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpg", "bmp", "gif"})
    void decodesCommonFormatsRecognisedFromTheirBytes(String format) throws Exception {
        byte[] bytes = TestImages.encode(TestImages.filled(40, 20, Color.RED), format);

        BufferedImage image = decoder.decode(bytes, "red." + format);

        assertThat(image.getWidth()).isEqualTo(40);
        assertThat(image.getHeight()).isEqualTo(20);
        assertThat(new Color(image.getRGB(20, 10)).getRed()).isGreaterThan(200);
    }

    @Test
    void refusesMoreBytesThanTheLimitNamingBoth() {
        assertThatThrownBy(() -> decoder.decode(new byte[100_001], "big.png"))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.IMAGE_TOO_LARGE))
                .hasMessage("image big.png is 100,001 bytes; the limit is 100,000 bytes");
    }

    @Test
    void refusesHugeDeclaredDimensionsFromTheHeaderAlone() {
        // 57 bytes that declare 100,000 x 100,000 pixels: decoding them would need 40 GB.
        byte[] bomb = HostileImages.pngHeaderDeclaring(100_000, 100_000);

        assertThatThrownBy(() -> decoder.decode(bomb, "bomb.png"))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.IMAGE_DIMENSIONS_TOO_LARGE))
                .hasMessage("image bomb.png declares 100000x100000 = 10,000,000,000 pixels;"
                        + " the limit is 1,000,000 pixels");
    }

    @Test
    void refusesDeepPixelsByTheMemoryTheyTakeDecoded() {
        // 1000 x 1000 is under the pixel limit, but 16-bit RGBA takes 8 bytes a pixel: 8 MB decoded.
        byte[] deep = HostileImages.deepRgbaPng(1000, 1000);

        assertThatThrownBy(() -> decoder.decode(deep, "deep.png"))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.IMAGE_DIMENSIONS_TOO_LARGE))
                .hasMessage("image deep.png declares 1000x1000 pixels of 8 bytes = 8,000,000 bytes decoded;"
                        + " the limit is 4,000,000 bytes");
    }

    @Test
    void decodesDeepPixelsWithinTheLimit() throws Exception {
        BufferedImage image = decoder.decode(HostileImages.deepRgbaPng(200, 100), "deep.png");

        assertThat(image.getWidth()).isEqualTo(200);
        assertThat(image.getHeight()).isEqualTo(100);
    }

    @Test
    void inspectsDimensionsFromTheHeaderWithoutDecoding() throws Exception {
        byte[] header = HostileImages.pngHeaderDeclaring(640, 480);

        assertThat(decoder.inspect(header, "header-only.png")).isEqualTo(new ImageDecoder.ImageDimensions(640, 480, 640 * 480 * 3));
        assertThatThrownBy(() -> decoder.inspect(HostileImages.pngHeaderDeclaring(2000, 2000), "big.png"))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.IMAGE_DIMENSIONS_TOO_LARGE));
    }

    @Test
    void refusesBytesThatAreNoImage() {
        byte[] text = "hello, this is not an image".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> decoder.decode(text, "note.txt"))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.IMAGE_UNDECODABLE))
                .hasMessageContaining("note.txt", "not a PNG, JPEG, BMP, GIF or TIFF image");
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpg"})
    void refusesTruncatedImages(String format) {
        byte[] whole = TestImages.encode(TestImages.filled(64, 64, Color.BLUE), format);
        byte[] truncated = Arrays.copyOf(whole, whole.length / 3);

        assertThatThrownBy(() -> decoder.decode(truncated, "cut." + format))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.IMAGE_UNDECODABLE));
    }

    @Test
    void refusesAJpegCutInsideItsPixelDataWhichImageIoWouldFillWithGrey() {
        byte[] whole = TestImages.encode(TestImages.noise(128, 64, 7), "jpg");
        byte[] cut = Arrays.copyOf(whole, whole.length * 3 / 4);

        assertThatThrownBy(() -> decoder.decode(cut, "cut.jpg"))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.IMAGE_UNDECODABLE))
                .hasMessageContaining("cut.jpg", "truncated");
    }

    @Test
    void acceptsAJpegFollowedByStrayBytes() throws Exception {
        byte[] whole = TestImages.encode(TestImages.noise(128, 64, 7), "jpg");
        byte[] padded = Arrays.copyOf(whole, whole.length + 100);

        assertThat(decoder.decode(padded, "padded.jpg").getWidth()).isEqualTo(128);
    }

    @Test
    void refusesEmptyInput() {
        assertThatThrownBy(() -> decoder.decode(new byte[0], "empty.png"))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.IMAGE_UNDECODABLE))
                .hasMessage("image empty.png is empty (0 bytes)");
    }
}
