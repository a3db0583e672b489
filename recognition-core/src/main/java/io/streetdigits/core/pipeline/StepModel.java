package io.streetdigits.core.pipeline;

import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.model.ModelCard;

/** A model version a pipeline step runs, in whatever engine holds it (the service's sessions, the trainer's). */
public interface StepModel {

    ModelRef ref();

    ModelCard card();

    /**
     * Runs the model on {@code count} preprocessed inputs laid out one after another in {@code batch}; returns every
     * output its card names, in order, each one flat array over the batch.
     */
    float[][] run(float[] batch, int count) throws Exception;
}
