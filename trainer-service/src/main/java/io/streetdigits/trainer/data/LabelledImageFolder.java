package io.streetdigits.trainer.data;

import io.streetdigits.core.image.ImageDecoder;
import io.streetdigits.core.image.ImageRejectedException;
import io.streetdigits.core.tianchi.LabelledImage;
import io.streetdigits.core.tianchi.TianchiLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A split laid out as the competition ships it: {@code <split>/} with the images and {@code <split>.json} with
 * their labels beside it, e.g. {@code mchar/train/} and {@code mchar/train.json}.
 */
public record LabelledImageFolder(Path imagesDir, Path labelsFile) {

    public static LabelledImageFolder split(Path root, String split) {
        return new LabelledImageFolder(root.resolve(split), root.resolve(split + ".json"));
    }

    /**
     * Decodes up to {@code limit} labelled images (all when {@code limit <= 0}), in file-name order.
     *
     * @throws IOException naming the folder, label file or image that is missing or unreadable
     */
    public List<TrainingImage> load(ImageDecoder decoder, int limit) throws IOException {
        if (!Files.isDirectory(imagesDir)) {
            throw new IOException("image folder " + imagesDir + " does not exist");
        }
        if (!Files.isRegularFile(labelsFile)) {
            throw new IOException("label file " + labelsFile + " does not exist");
        }
        List<LabelledImage> labels = TianchiLabels.read(labelsFile);
        int count = limit > 0 ? Math.min(limit, labels.size()) : labels.size();
        List<TrainingImage> images = new ArrayList<>(count);
        for (LabelledImage label : labels.subList(0, count)) {
            Path file = imagesDir.resolve(label.fileName());
            if (!Files.isRegularFile(file)) {
                throw new IOException("label file " + labelsFile + " lists " + label.fileName()
                        + ", which is missing from " + imagesDir);
            }
            try {
                images.add(new TrainingImage(label, decoder.decode(Files.readAllBytes(file), file.toString())));
            } catch (ImageRejectedException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return images;
    }
}
