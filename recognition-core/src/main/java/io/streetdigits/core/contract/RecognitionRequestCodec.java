package io.streetdigits.core.contract;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Maps a {@link RecognitionRequest} to and from a Kafka record: the raw image bytes are the value, the metadata
 * travels in {@link RequestHeaders}, and the key is the request id (so retries of one id land on one partition).
 */
public final class RecognitionRequestCodec {

    private RecognitionRequestCodec() {
    }

    public static ProducerRecord<String, byte[]> toRecord(String topic, RecognitionRequest request) {
        Headers headers = new RecordHeaders();
        put(headers, RequestHeaders.ID, request.id());
        put(headers, RequestHeaders.CONTENT_TYPE, request.contentType());
        put(headers, RequestHeaders.SUBMITTED_AT, request.submittedAt().toString());
        put(headers, RequestHeaders.MODEL, request.modelName());
        put(headers, RequestHeaders.BATCH_ID, request.batchId());
        put(headers, RequestHeaders.FILE_NAME, request.fileName());
        put(headers, RequestHeaders.TENANT, request.tenant());
        return new ProducerRecord<>(topic, null, request.id(), request.image(), headers);
    }

    /**
     * Reads a request from a consumed record.
     *
     * @param key             the record key, may be null
     * @param value           the record value (the image), may be null for a malformed record
     * @param headers         the record headers
     * @param recordTimestamp the record's timestamp in epoch milliseconds, used when no submitted-at header is set
     * @throws MalformedRequestException when the record cannot be a request; it names the id to answer under
     */
    public static RecognitionRequest fromRecord(String key, byte[] value, Headers headers, long recordTimestamp) {
        String id = text(headers, RequestHeaders.ID);
        if (id == null) {
            id = key;
        }
        if (id == null || id.isBlank()) {
            id = UUID.randomUUID().toString();
        }
        if (!RecognitionRequest.isValidId(id)) {
            String generated = UUID.randomUUID().toString();
            throw new MalformedRequestException(generated, "request id '" + abbreviate(id) + "' must be 1 to "
                    + RecognitionRequest.MAX_ID_LENGTH + " characters of A-Z, a-z, 0-9, '.', '_', ':' or '-';"
                    + " answered under generated id " + generated);
        }
        if (value == null || value.length == 0) {
            throw new MalformedRequestException(id, "request " + id + " has no image: the record value is empty");
        }
        Instant submittedAt = submittedAt(id, text(headers, RequestHeaders.SUBMITTED_AT), recordTimestamp);
        return new RecognitionRequest(id, value, text(headers, RequestHeaders.CONTENT_TYPE), submittedAt,
                text(headers, RequestHeaders.MODEL), text(headers, RequestHeaders.BATCH_ID),
                text(headers, RequestHeaders.FILE_NAME), text(headers, RequestHeaders.TENANT));
    }

    private static Instant submittedAt(String id, String header, long recordTimestamp) {
        if (header == null) {
            return recordTimestamp >= 0 ? Instant.ofEpochMilli(recordTimestamp) : Instant.now();
        }
        try {
            return Instant.parse(header);
        } catch (DateTimeParseException e) {
            throw new MalformedRequestException(id, "request " + id + " has header " + RequestHeaders.SUBMITTED_AT
                    + "='" + abbreviate(header) + "', which is not an ISO-8601 instant such as 2026-11-29T18:00:00Z");
        }
    }

    private static void put(Headers headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String text(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        if (header == null || header.value() == null) {
            return null;
        }
        String text = new String(header.value(), StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? null : text;
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}
