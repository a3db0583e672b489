package io.streetdigits.core.contract;

/**
 * A record on the requests topic that cannot become a {@link RecognitionRequest}. It still carries the best id
 * that could be found, so the error result can be correlated by whoever sent it.
 */
public class MalformedRequestException extends RuntimeException {

    private final String requestId;

    public MalformedRequestException(String requestId, String message) {
        super(message);
        this.requestId = requestId;
    }

    /** The id to answer under: the record's own when it was valid, otherwise a generated one. */
    public String requestId() {
        return requestId;
    }
}
