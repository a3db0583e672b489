package io.streetdigits.inference.model;

import io.streetdigits.core.pipeline.PipelineReader;
import java.util.List;

/**
 * A pipeline ready to read: its executor over the serving version of each step's model, each leased for one run.
 * Closing it releases them.
 *
 * @param name the pipeline's name, or the model's where a model is read alone
 */
public record LeasedPipeline(String name, PipelineReader reader, List<LoadedModel> models) implements AutoCloseable {

    public LeasedPipeline {
        models = List.copyOf(models);
    }

    @Override
    public void close() {
        models.forEach(LoadedModel::release);
    }
}
