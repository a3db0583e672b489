package io.streetdigits.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.streetdigits.core.contract.DigitReading;
import io.streetdigits.core.image.CropRegion;
import io.streetdigits.core.image.ImageDecoder;
import io.streetdigits.core.image.ImageLimits;
import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.model.ModelVersion;
import io.streetdigits.core.pipeline.PipelineReader;
import io.streetdigits.core.pipeline.PipelineSpec;
import io.streetdigits.core.pipeline.SessionModel;
import io.streetdigits.core.pipeline.StepModel;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one photo through a declared pipeline outside the service, one photo at a time in sessions of its own:
 * what the service must answer however its batches mix photos.
 */
final class PipelineByHand {

    private PipelineByHand() {
    }

    static DigitReading read(Path repositoryRoot, String name, byte[] image) throws Exception {
        ModelRepository repository = new ModelRepository(repositoryRoot);
        PipelineSpec spec = repository.pipeline(name).orElseGet(() -> PipelineSpec.of(name));
        List<OrtSession> sessions = new ArrayList<>();
        try {
            List<StepModel> models = new ArrayList<>();
            for (String model : spec.models()) {
                ModelVersion version = repository.latest(model).orElseThrow();
                sessions.add(OrtEnvironment.getEnvironment().createSession(version.onnxFile().toString()));
                models.add(new SessionModel(version.ref(), version.readCard(), sessions.get(sessions.size() - 1)));
            }
            PipelineReader reader = new PipelineReader(name, spec, models);
            BufferedImage photo = new ImageDecoder(ImageLimits.DEFAULT).decode(image, "by hand");
            float[] input = new float[reader.input().spec().tensorSize()];
            reader.input().write(photo, CropRegion.whole(photo.getWidth(), photo.getHeight()), input, 0);
            return reader.read(input, new BufferedImage[] {photo}, 1).get(0);
        } finally {
            for (OrtSession session : sessions) {
                session.close();
            }
        }
    }
}
