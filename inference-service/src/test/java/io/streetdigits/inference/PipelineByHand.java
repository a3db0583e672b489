package io.streetdigits.inference;

import ai.onnxruntime.OrtEnvironment;
import io.streetdigits.core.contract.DigitReading;
import io.streetdigits.core.image.CropRegion;
import io.streetdigits.core.image.ImageDecoder;
import io.streetdigits.core.image.ImageLimits;
import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.pipeline.PipelineReader;
import io.streetdigits.core.pipeline.SessionPipeline;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * Reads one photo through a declared pipeline outside the service, one photo at a time in sessions of its own:
 * what the service must answer however its batches mix photos.
 */
final class PipelineByHand {

    private PipelineByHand() {
    }

    static DigitReading read(Path repositoryRoot, String name, byte[] image) throws Exception {
        try (SessionPipeline pipeline = SessionPipeline.open(new ModelRepository(repositoryRoot), name,
                onnx -> OrtEnvironment.getEnvironment().createSession(onnx.toString()))) {
            PipelineReader reader = pipeline.reader();
            BufferedImage photo = new ImageDecoder(ImageLimits.DEFAULT).decode(image, "by hand");
            float[] input = new float[reader.input().spec().tensorSize()];
            reader.input().write(photo, CropRegion.whole(photo.getWidth(), photo.getHeight()), input, 0);
            return reader.read(input, new BufferedImage[] {photo}, 1).get(0);
        }
    }
}
