package io.streetdigits.cli;

import io.streetdigits.core.synthetic.GeneratedImage;
import io.streetdigits.core.synthetic.GeneratorSettings;
import io.streetdigits.core.synthetic.HouseNumberGenerator;
import io.streetdigits.core.synthetic.SampleSheet;
import io.streetdigits.core.synthetic.SyntheticDataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Writes synthetic house numbers in the competition's layout: PNG files and a Tianchi label file. */
final class GenerateCommand implements StreetDigitsCli.Command {

    private static final int SHEET_IMAGES = 36;

    @Override
    public String usage() {
        return "generate --images DIR --labels FILE.json [--count 100] [--seed 1] [--style street|plain]"
                + " [--sheet FILE.png]";
    }

    @Override
    public int run(Options options) throws Exception {
        Path images = options.path("images");
        Path labels = options.path("labels");
        int count = options.integer("count", 100);
        int seed = options.integer("seed", 1);
        String sheet = options.optional("sheet", null);
        GeneratorSettings style = GeneratorSettings.style(options.optional("style", "street"));
        options.requireAllUsed();
        if (count < 1) {
            throw new IllegalArgumentException("--count must be at least 1, was " + count);
        }
        HouseNumberGenerator generator = new HouseNumberGenerator(style);
        SyntheticDataset.write(generator, images, labels, count, seed);
        System.out.printf("wrote %d images to %s and their labels to %s (fonts: %d families)%n", count, images,
                labels, generator.fontFamilies().size());
        if (sheet != null) {
            // The same seeds as the first files, so the sheet shows what was written.
            List<GeneratedImage> shown = new ArrayList<>();
            for (int i = 0; i < Math.min(count, SHEET_IMAGES); i++) {
                shown.add(generator.generate(seed + i, String.format("%06d.png", i)));
            }
            ImageIO.write(SampleSheet.of(shown, 6), "png", Path.of(sheet).toFile());
            System.out.printf("wrote a sheet of the first %d with their character boxes to %s%n", shown.size(),
                    sheet);
        }
        return 0;
    }
}
