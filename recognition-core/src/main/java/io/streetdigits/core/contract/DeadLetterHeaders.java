package io.streetdigits.core.contract;

/**
 * Headers a dead-letter record carries besides the original record's own: why it failed and where it came from,
 * so it can be inspected or replayed.
 */
public final class DeadLetterHeaders {

    /** The {@link ErrorCode} name. */
    public static final String CODE = "dead-letter-code";
    /** The error message, naming the input and the limit. */
    public static final String REASON = "dead-letter-reason";
    /** Topic, partition and offset of the original record. */
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";

    private DeadLetterHeaders() {
    }
}
