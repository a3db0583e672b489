package io.streetdigits.inference.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.model.ModelCard;
import io.streetdigits.core.model.ModelVersion;
import io.streetdigits.core.pipeline.SessionModel;
import io.streetdigits.core.pipeline.StepModel;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One model version open in ONNX Runtime (the DJL split: preprocessing and decoding are the shared core's pure
 * functions, run by its {@code PipelineReader}; this class only runs the engine).
 *
 * <p>Reference-counted so it can be swapped while requests are in flight: the registry holds one reference,
 * every request {@link #tryAcquire() acquires} one for its run, and the session closes when the last is released.
 */
public final class LoadedModel implements StepModel {

    private final ModelRef ref;
    private final ModelCard card;
    private final OrtSession session;
    private final SessionModel engine;
    private final String provider;
    private final AtomicInteger references = new AtomicInteger(1);

    private LoadedModel(ModelRef ref, ModelCard card, OrtSession session, String provider) {
        this.ref = ref;
        this.card = card;
        this.session = session;
        this.engine = new SessionModel(ref, card, session);
        this.provider = provider;
    }

    /** Opens a version and checks that the graph has the input and outputs its card names. */
    public static LoadedModel open(ModelVersion version, SessionFactory sessions) throws IOException, OrtException {
        ModelCard card = version.readCard();
        SessionFactory.OpenedSession opened = sessions.open(version.onnxFile());
        OrtSession session = opened.session();
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            if (!inputs.containsKey(card.input().name()) || !outputs.keySet().containsAll(card.outputs())) {
                throw new IOException("model " + version.ref() + " does not match its card: the graph has inputs "
                        + inputs.keySet() + " and outputs " + outputs.keySet() + ", the card names "
                        + card.input().name() + " and " + card.outputs());
            }
            return new LoadedModel(version.ref(), card, session, opened.provider());
        } catch (IOException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    @Override
    public ModelRef ref() {
        return ref;
    }

    @Override
    public ModelCard card() {
        return card;
    }

    public String provider() {
        return provider;
    }

    @Override
    public float[][] run(float[] batch, int count) throws OrtException {
        return engine.run(batch, count);
    }

    /** Runs a batch of blank images, so the first real batch does not pay for ONNX Runtime's lazy set-up. */
    public void warmUp(int batchSize) throws OrtException {
        run(new float[batchSize * card.preprocessing().tensorSize()], batchSize);
    }

    /** Takes a reference for one run; false when the model has already been closed (retry with the registry). */
    public boolean tryAcquire() {
        int current;
        do {
            current = references.get();
            if (current == 0) {
                return false;
            }
        } while (!references.compareAndSet(current, current + 1));
        return true;
    }

    /** Gives back a reference; the last one closes the session. */
    public void release() {
        if (references.decrementAndGet() == 0) {
            try {
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException("cannot close the session of " + ref + ": " + e.getMessage(), e);
            }
        }
    }
}
