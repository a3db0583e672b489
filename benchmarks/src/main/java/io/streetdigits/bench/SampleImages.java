package io.streetdigits.bench;

import io.streetdigits.core.synthetic.HouseNumberGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/** Generated house numbers as PNG bytes, by file name: the benchmarks' own images. */
final class SampleImages {

    private SampleImages() {
    }

    static Map<String, byte[]> generate(int count, long seed) {
        HouseNumberGenerator generator = HouseNumberGenerator.plain();
        Map<String, byte[]> images = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = String.format("%06d.png", i);
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            try {
                ImageIO.write(generator.generate(seed + i, name).image(), "png", png);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            images.put(name, png.toByteArray());
        }
        return images;
    }
}
