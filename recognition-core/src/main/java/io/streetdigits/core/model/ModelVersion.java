package io.streetdigits.core.model;

import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.ModelRef;
import java.io.IOException;
import java.nio.file.Path;

/** One immutable version directory in the {@link ModelRepository}: {@code <root>/<name>/<version>/}. */
public record ModelVersion(ModelRef ref, Path directory) {

    public static final String MODEL_FILE = "model.onnx";
    public static final String CARD_FILE = "model-card.json";

    public Path onnxFile() {
        return directory.resolve(MODEL_FILE);
    }

    public Path cardFile() {
        return directory.resolve(CARD_FILE);
    }

    public ModelCard readCard() throws IOException {
        try {
            return ContractJson.mapper().readValue(cardFile().toFile(), ModelCard.class);
        } catch (IOException e) {
            throw new IOException("cannot read the model card of " + ref + " at " + cardFile() + ": "
                    + e.getMessage(), e);
        }
    }
}
