package io.streetdigits.core.contract;

/** The model-events topic carries more than one kind of event; this header says which. */
public final class ModelEventHeaders {

    public static final String EVENT_TYPE = "event-type";
    /** A {@link ModelPublished}; also assumed when the header is absent. */
    public static final String PUBLISHED = "model-published";
    /** A {@link ModelPinned}. */
    public static final String PINNED = "model-pinned";

    private ModelEventHeaders() {
    }
}
