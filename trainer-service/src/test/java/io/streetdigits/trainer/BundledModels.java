package io.streetdigits.trainer;

import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.model.ModelVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Copies of the models the project bundles ({@code models/}), for tests that need real trained ones. */
public final class BundledModels {

    private static final Path BUNDLED = Path.of("..", "models");

    private BundledModels() {
    }

    /** Copies each version's graph and card into the repository at {@code repositoryRoot}. */
    public static void copy(Path repositoryRoot, List<ModelRef> refs) throws IOException {
        for (ModelRef ref : refs) {
            Path from = BUNDLED.resolve(ref.name()).resolve(Integer.toString(ref.version()));
            Path to = Files.createDirectories(repositoryRoot.resolve(ref.name())
                    .resolve(Integer.toString(ref.version())));
            Files.copy(from.resolve(ModelVersion.MODEL_FILE), to.resolve(ModelVersion.MODEL_FILE));
            Files.copy(from.resolve(ModelVersion.CARD_FILE), to.resolve(ModelVersion.CARD_FILE));
        }
    }
}
