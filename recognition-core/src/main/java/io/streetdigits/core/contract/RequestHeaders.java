package io.streetdigits.core.contract;

/**
 * Names of the record headers that carry a request's metadata on the requests topic. Header values are UTF-8 text.
 * These names are a public interface: users set them from kcat or any other Kafka client.
 */
public final class RequestHeaders {

    /** The request id; when absent, the record key is used, and when that is absent too, one is generated. */
    public static final String ID = "id";
    /** Media type of the image, e.g. {@code image/png}. Optional: the decoder recognises the format itself. */
    public static final String CONTENT_TYPE = "content-type";
    /** ISO-8601 instant, e.g. {@code 2026-11-29T18:00:00Z}. When absent, the record's timestamp is used. */
    public static final String SUBMITTED_AT = "submitted-at";
    /** Name of the model to use; when absent, the inference service's default model answers. */
    public static final String MODEL = "model";
    /** Optional batch id, copied to the result. */
    public static final String BATCH_ID = "batch-id";
    /** Optional file name, copied to the result (the submission CSV's {@code file_name}). */
    public static final String FILE_NAME = "file-name";
    /** The gateway's tenant of the request, copied to the result. */
    public static final String TENANT = "tenant";

    private RequestHeaders() {
    }
}
