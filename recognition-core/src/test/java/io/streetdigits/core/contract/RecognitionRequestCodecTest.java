package io.streetdigits.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class RecognitionRequestCodecTest {

    private static final byte[] IMAGE = {1, 2, 3};

    @Test
    void roundTripsEveryFieldThroughKeyValueAndHeaders() {
        RecognitionRequest request = new RecognitionRequest("req-1", IMAGE, "image/png",
                Instant.parse("2026-11-29T18:00:00Z"), "digit-cnn", "batch-7", "000001.png", "acme");

        ProducerRecord<String, byte[]> record = RecognitionRequestCodec.toRecord("requests", request);
        RecognitionRequest read = RecognitionRequestCodec.fromRecord(record.key(), record.value(), record.headers(), 0);

        assertThat(record.key()).isEqualTo("req-1");
        assertThat(record.value()).isEqualTo(IMAGE);
        assertThat(read.id()).isEqualTo("req-1");
        assertThat(read.image()).isEqualTo(IMAGE);
        assertThat(read.contentType()).isEqualTo("image/png");
        assertThat(read.submittedAt()).isEqualTo(Instant.parse("2026-11-29T18:00:00Z"));
        assertThat(read.modelName()).isEqualTo("digit-cnn");
        assertThat(read.batchId()).isEqualTo("batch-7");
        assertThat(read.fileName()).isEqualTo("000001.png");
        assertThat(read.tenant()).isEqualTo("acme");
    }

    @Test
    void recordWithOnlyAValueGetsTheKeyAsIdAndTheRecordTimestamp() {
        RecognitionRequest read = RecognitionRequestCodec.fromRecord("from-key", IMAGE, new RecordHeaders(), 1_000L);

        assertThat(read.id()).isEqualTo("from-key");
        assertThat(read.submittedAt()).isEqualTo(Instant.ofEpochMilli(1_000L));
        assertThat(read.contentType()).isEqualTo(RecognitionRequest.UNKNOWN_CONTENT_TYPE);
        assertThat(read.requestedModel()).isEmpty();
    }

    @Test
    void recordWithoutIdOrKeyGetsAGeneratedId() {
        RecognitionRequest read = RecognitionRequestCodec.fromRecord(null, IMAGE, new RecordHeaders(), 1L);

        assertThat(UUID.fromString(read.id())).isNotNull();
    }

    @Test
    void idHeaderWinsOverTheKey() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(RequestHeaders.ID, "from-header".getBytes(StandardCharsets.UTF_8));

        assertThat(RecognitionRequestCodec.fromRecord("from-key", IMAGE, headers, 1L).id()).isEqualTo("from-header");
    }

    @Test
    void unsafeIdIsRefusedAndAnsweredUnderAGeneratedId() {
        assertThatThrownBy(() -> RecognitionRequestCodec.fromRecord("../etc/passwd", IMAGE, new RecordHeaders(), 1L))
                .isInstanceOfSatisfying(MalformedRequestException.class, e -> {
                    assertThat(UUID.fromString(e.requestId())).isNotNull();
                    assertThat(e.getMessage()).contains("'../etc/passwd'", "1 to 128 characters");
                });
    }

    @Test
    void emptyValueIsMalformedButKeepsItsId() {
        assertThatThrownBy(() -> RecognitionRequestCodec.fromRecord("req-2", new byte[0], new RecordHeaders(), 1L))
                .isInstanceOfSatisfying(MalformedRequestException.class,
                        e -> assertThat(e.requestId()).isEqualTo("req-2"))
                .hasMessageContaining("no image");
    }

    @Test
    void unparseableSubmittedAtIsMalformed() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(RequestHeaders.SUBMITTED_AT, "yesterday".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> RecognitionRequestCodec.fromRecord("req-3", IMAGE, headers, 1L))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("submitted-at='yesterday'");
    }
}
