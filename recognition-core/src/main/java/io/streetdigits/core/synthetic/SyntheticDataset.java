package io.streetdigits.core.synthetic;

import io.streetdigits.core.tianchi.LabelledImage;
import io.streetdigits.core.tianchi.TianchiLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Writes generated house numbers as a dataset laid out like the competition's: {@code <dir>/000000.png ...} and a
 * label file in the Tianchi format beside them. Image {@code i} uses seed {@code seed + i}, so any image can be
 * regenerated alone.
 */
public final class SyntheticDataset {

    private SyntheticDataset() {
    }

    /**
     * @param imagesDir  where the PNG files go (created when missing)
     * @param labelsFile the Tianchi label file to write
     * @return the labels written
     */
    public static List<LabelledImage> write(HouseNumberGenerator generator, Path imagesDir, Path labelsFile,
            int count, long seed) throws IOException {
        Files.createDirectories(imagesDir);
        List<LabelledImage> labels = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String fileName = String.format("%06d.png", i);
            GeneratedImage generated = generator.generate(seed + i, fileName);
            if (!ImageIO.write(generated.image(), "png", imagesDir.resolve(fileName).toFile())) {
                throw new IOException("no PNG writer available for " + fileName);
            }
            labels.add(generated.label());
        }
        TianchiLabels.write(labelsFile, labels);
        return labels;
    }
}
