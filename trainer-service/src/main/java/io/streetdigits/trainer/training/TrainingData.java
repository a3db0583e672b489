package io.streetdigits.trainer.training;

import io.streetdigits.core.image.ImageDecoder;
import io.streetdigits.core.image.ImageLimits;
import io.streetdigits.core.synthetic.GeneratedImage;
import io.streetdigits.core.synthetic.GeneratorSettings;
import io.streetdigits.core.synthetic.HouseNumberGenerator;
import io.streetdigits.trainer.data.LabelledImageFolder;
import io.streetdigits.trainer.data.SceneMosaics;
import io.streetdigits.trainer.data.TrainingImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The images of one run: the real training and validation splits, decoded once, plus generated house numbers
 * added to the training split. With a hold-out, the last real training images take the validation split's place
 * and leave training.
 */
public record TrainingData(List<TrainingImage> train, List<TrainingImage> val) {

    private static final Logger LOG = Logger.getLogger(TrainingData.class);

    public static TrainingData load(TrainingSpec spec) throws IOException {
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        long start = System.nanoTime();
        List<TrainingImage> train = new ArrayList<>(
                LabelledImageFolder.split(spec.dataRoot(), "train").load(decoder, spec.trainLimit()));
        List<TrainingImage> val;
        if (spec.holdOut() > 0) {
            if (spec.holdOut() >= train.size()) {
                throw new IllegalArgumentException("cannot hold out " + spec.holdOut() + " of " + train.size()
                        + " real training images: some must be left to train on");
            }
            List<TrainingImage> held = train.subList(train.size() - spec.holdOut(), train.size());
            val = List.copyOf(held);
            held.clear();
        } else {
            val = LabelledImageFolder.split(spec.dataRoot(), "val").load(decoder, spec.valLimit());
        }
        int real = train.size();
        // Scenes are made of real photos only, before any synthetic ones join them.
        train.addAll(SceneMosaics.of(List.copyOf(train), spec.sceneMosaics(), spec.seed()));
        if (spec.syntheticImages() > 0) {
            HouseNumberGenerator generator = new HouseNumberGenerator(GeneratorSettings.style(spec.syntheticStyle()));
            // The fonts installed decide how varied the images are; README, "Synthetic house numbers", lists more.
            LOG.infof("Drawing %d synthetic images in the %s style in %d font families: %s", spec.syntheticImages(),
                    spec.syntheticStyle(), generator.fontFamilies().size(), generator.fontFamilies());
            for (int i = 0; i < spec.syntheticImages(); i++) {
                GeneratedImage image = generator.generate(spec.seed() * 7_919 + i,
                        String.format("synthetic-%06d.png", i));
                train.add(new TrainingImage(image.label(), image.image()));
            }
        }
        LOG.infof("Loaded %d real training images + %d scene mosaics of them + %d synthetic, and %d %s"
                + " images, from %s in %.1f s", real, spec.sceneMosaics(), spec.syntheticImages(), val.size(),
                spec.holdOut() > 0 ? "held-out training" : "validation", spec.dataRoot(),
                (System.nanoTime() - start) / 1e9);
        return new TrainingData(train, val);
    }
}
