package io.streetdigits.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {

    private final ImagePreprocessor preprocessor = new ImagePreprocessor(PreprocessingSpec.centred(8, 4));

    @Test
    void producesAChwTensorNormalisedPerChannel() {
        ImagePreprocessor imagenet = new ImagePreprocessor(new PreprocessingSpec(8, 4,
                List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225)));

        float[] tensor = imagenet.toTensor(TestImages.filled(30, 17, new Color(255, 0, 51)));

        assertThat(tensor).hasSize(3 * 4 * 8);
        assertThat(tensor[0]).isCloseTo((float) ((1.0 - 0.485) / 0.229), within(1e-5f));
        assertThat(tensor[32]).isCloseTo((float) ((0.0 - 0.456) / 0.224), within(1e-5f));
        assertThat(tensor[95]).isCloseTo((float) ((0.2 - 0.406) / 0.225), within(1e-5f));
    }

    @Test
    void keepsLeftAndRightWhereTheyAre() {
        BufferedImage image = TestImages.filled(100, 50, Color.BLACK);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(50, 0, 50, 50);
        g.dispose();

        float[] tensor = preprocessor.toTensor(image);

        assertThat(tensor[0]).isCloseTo(-1f, within(1e-5f));
        assertThat(tensor[7]).isCloseTo(1f, within(1e-5f));
    }

    @Test
    void antialiasesWhenShrinkingSoFineStripesAverageToGrey() {
        BufferedImage stripes = new BufferedImage(160, 80, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 160; x++) {
            for (int y = 0; y < 80; y++) {
                stripes.setRGB(x, y, x % 2 == 0 ? 0xFFFFFF : 0x000000);
            }
        }

        float[] tensor = preprocessor.toTensor(stripes);

        for (float value : tensor) {
            assertThat(value).isCloseTo(0f, within(0.05f));
        }
    }

    @Test
    void cropRegionBeyondTheImageReplicatesItsEdges() {
        BufferedImage image = TestImages.filled(10, 10, Color.WHITE);
        float[] tensor = new float[preprocessor.spec().tensorSize() + 5];

        preprocessor.write(image, new CropRegion(-20, -20, 50, 50), tensor, 5);

        assertThat(tensor[0]).isZero();
        for (int i = 5; i < tensor.length; i++) {
            assertThat(tensor[i]).isCloseTo(1f, within(1e-5f));
        }
    }

    @Test
    void readsEveryPixelLayoutTheSameWay() {
        BufferedImage reference = new BufferedImage(37, 23, BufferedImage.TYPE_INT_RGB);
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int y = 0; y < 23; y++) {
            for (int x = 0; x < 37; x++) {
                reference.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        CropRegion crop = new CropRegion(9, 4, 17, 11);
        float[] expected = preprocessor.toTensor(reference);
        float[] expectedCrop = cropOf(reference, crop);

        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR,
            BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_INT_BGR}) {
            BufferedImage copy = new BufferedImage(37, 23, type);
            copy.getGraphics().drawImage(reference, 0, 0, null);
            assertThat(preprocessor.toTensor(copy)).as("image type " + type).containsExactly(expected);
            assertThat(cropOf(copy, crop)).as("crop of image type " + type).containsExactly(expectedCrop);
            // A sub-image shares its parent's pixel array at an offset, so it is read the general way.
            BufferedImage framed = new BufferedImage(41, 27, type);
            framed.getGraphics().drawImage(reference, 2, 3, null);
            assertThat(preprocessor.toTensor(framed.getSubimage(2, 3, 37, 23))).as("sub-image of type " + type)
                    .containsExactly(expected);
        }
    }

    private float[] cropOf(BufferedImage image, CropRegion region) {
        float[] tensor = new float[preprocessor.spec().tensorSize()];
        preprocessor.write(image, region, tensor, 0);
        return tensor;
    }

    @Test
    void enlargesTinyImagesSmoothly() {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0x000000);
        image.setRGB(1, 0, 0xFFFFFF);

        float[] tensor = preprocessor.toTensor(image);

        for (int x = 1; x < 8; x++) {
            assertThat(tensor[x]).isGreaterThanOrEqualTo(tensor[x - 1]);
        }
        assertThat(tensor[0]).isCloseTo(-1f, within(1e-5f));
        assertThat(tensor[7]).isCloseTo(1f, within(1e-5f));
    }
}
