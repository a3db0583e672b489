package io.streetdigits.core.contract;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One image to recognise, as it travels on the requests topic.
 *
 * <p>On the wire the image bytes are the record value and every other field is a record header (see
 * {@link RecognitionRequestCodec}), so any Kafka client can submit one.
 *
 * @param id          unique id chosen by the submitter (or generated); results carry it back
 * @param image       the encoded image (PNG, JPEG, BMP, GIF or TIFF)
 * @param contentType the declared media type, {@code application/octet-stream} when unknown
 * @param submittedAt when the submitter handed the image over; end-to-end timings start here
 * @param modelName   the model to use, or {@code null} for the service's default
 * @param batchId     the batch this image belongs to, or {@code null}
 * @param fileName    the image's file name within its batch (the CSV's {@code file_name}), or {@code null}
 * @param tenant      who submitted it through the gateway (results are readable by that tenant only), or {@code null}
 */
public record RecognitionRequest(
        String id,
        byte[] image,
        String contentType,
        Instant submittedAt,
        String modelName,
        String batchId,
        String fileName,
        String tenant) {

    public static final int MAX_ID_LENGTH = 128;
    public static final String UNKNOWN_CONTENT_TYPE = "application/octet-stream";
    private static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_ID_LENGTH + "}");

    public RecognitionRequest {
        requireValidId(id);
        Objects.requireNonNull(image, "image");
        contentType = contentType == null || contentType.isBlank() ? UNKNOWN_CONTENT_TYPE : contentType;
        Objects.requireNonNull(submittedAt, "submittedAt");
        modelName = blankToNull(modelName);
        batchId = blankToNull(batchId);
        fileName = blankToNull(fileName);
        tenant = blankToNull(tenant);
    }

    /** A request without a tenant, as Kafka clients other than the gateway submit them. */
    public RecognitionRequest(String id, byte[] image, String contentType, Instant submittedAt, String modelName,
            String batchId, String fileName) {
        this(id, image, contentType, submittedAt, modelName, batchId, fileName, null);
    }

    public Optional<String> requestedModel() {
        return Optional.ofNullable(modelName);
    }

    /** Ids end up in URLs, file names and logs, so they are limited to a safe alphabet. */
    public static String requireValidId(String id) {
        if (id == null || !ID_PATTERN.matcher(id).matches()) {
            throw new IllegalArgumentException("request id " + quote(id) + " must be 1 to " + MAX_ID_LENGTH
                    + " characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'");
        }
        return id;
    }

    public static boolean isValidId(String id) {
        return id != null && ID_PATTERN.matcher(id).matches();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String quote(String value) {
        if (value == null) {
            return "null";
        }
        return "'" + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "'";
    }

    @Override
    public String toString() {
        return "RecognitionRequest[id=" + id + ", " + image.length + " bytes, " + contentType
                + (modelName == null ? "" : ", model=" + modelName)
                + (batchId == null ? "" : ", batch=" + batchId)
                + (fileName == null ? "" : ", file=" + fileName)
                + (tenant == null ? "" : ", tenant=" + tenant) + "]";
    }
}
