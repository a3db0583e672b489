package io.streetdigits.cli;

import io.streetdigits.core.synthetic.GeneratorSettings;
import io.streetdigits.core.synthetic.HouseNumberGenerator;
import io.streetdigits.core.synthetic.SyntheticDataset;
import java.nio.file.Path;

/** Writes synthetic house numbers in the competition's layout: PNG files and a Tianchi label file. */
final class GenerateCommand implements StreetDigitsCli.Command {

    @Override
    public String usage() {
        return "generate --images DIR --labels FILE.json [--count 100] [--seed 1]";
    }

    @Override
    public int run(Options options) throws Exception {
        Path images = options.path("images");
        Path labels = options.path("labels");
        int count = options.integer("count", 100);
        int seed = options.integer("seed", 1);
        options.requireAllUsed();
        if (count < 1) {
            throw new IllegalArgumentException("--count must be at least 1, was " + count);
        }
        HouseNumberGenerator generator = new HouseNumberGenerator(GeneratorSettings.DEFAULT);
        SyntheticDataset.write(generator, images, labels, count, seed);
        System.out.printf("wrote %d images to %s and their labels to %s (fonts: %d families)%n", count, images,
                labels, generator.fontFamilies().size());
        return 0;
    }
}
