package io.streetdigits.gateway.recognition;

/**
 * The answer to a submission whose result is not there yet.
 *
 * @param id       the recognition's id
 * @param status   {@code PENDING}
 * @param location where the result will be: {@code GET} it, optionally with {@code ?wait=}
 */
public record Accepted(String id, String status, String location) {

    static Accepted pending(String id) {
        return new Accepted(id, "PENDING", RecognitionResource.PATH + "/" + id);
    }
}
