package io.streetdigits.inference.model;

/** A request names a model the repository does not hold (or one that cannot be opened). */
public class ModelNotFoundException extends Exception {

    public ModelNotFoundException(String message) {
        super(message);
    }

    public ModelNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
