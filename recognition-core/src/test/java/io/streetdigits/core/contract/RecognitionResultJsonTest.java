package io.streetdigits.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecognitionResultJsonTest {

    private static final RecognitionRequest REQUEST = new RecognitionRequest("req-1", new byte[] {1}, "image/png",
            Instant.parse("2026-11-29T18:00:00Z"), null, "b1", "000001.png");

    @Test
    void successRoundTripsThroughJsonNamingItsPipelineAndEveryModel() {
        DigitReading reading = new DigitReading("19", 0.81, List.of(
                new PositionPrediction(0, 1, 0.9), new PositionPrediction(1, 9, 0.9)));
        List<ModelRef> models = List.of(new ModelRef("digit-detector", 1), new ModelRef("character-reader", 8));
        RecognitionResult result = RecognitionResult.success(REQUEST, reading, "house-number", models,
                new Timings(1.5, 0.3, 1.1, 3.0), Instant.parse("2026-11-29T18:00:01Z"));

        String json = ContractJson.write(result);
        RecognitionResult read = ContractJson.read(json, RecognitionResult.class);

        assertThat(read).isEqualTo(result);
        assertThat(read.pipeline()).isEqualTo("house-number");
        assertThat(read.models()).containsExactlyElementsOf(models);
        assertThat(read.model()).isEqualTo(new ModelRef("character-reader", 8));
        assertThat(json).contains("\"digits\":\"19\"", "\"pipeline\":\"house-number\"",
                        "\"models\":[{\"name\":\"digit-detector\",\"version\":1},"
                                + "{\"name\":\"character-reader\",\"version\":8}]",
                        "\"completedAt\":\"2026-11-29T18:00:01Z\"")
                .doesNotContain("\"error\"", "locator");
    }

    @Test
    void aModelReadAloneIsItsOwnPipelineOfOne() {
        DigitReading reading = new DigitReading("7", 0.9, List.of(new PositionPrediction(0, 7, 0.9)));
        RecognitionResult result = RecognitionResult.success(REQUEST, reading, "digit-cnn",
                List.of(new ModelRef("digit-cnn", 2)), null, Instant.parse("2026-11-29T18:00:01Z"));

        assertThat(result.model()).isEqualTo(new ModelRef("digit-cnn", 2));
        assertThat(result.models()).containsExactly(new ModelRef("digit-cnn", 2));
        assertThat(ContractJson.read(ContractJson.write(result), RecognitionResult.class)).isEqualTo(result);
    }

    @Test
    void failureRoundTripsThroughJsonWithoutDigits() {
        RecognitionResult result = RecognitionResult.failure(REQUEST,
                new RecognitionError(ErrorCode.IMAGE_UNDECODABLE, "image req-1 cannot be decoded"), null,
                Instant.parse("2026-11-29T18:00:01Z"));

        String json = ContractJson.write(result);
        RecognitionResult read = ContractJson.read(json, RecognitionResult.class);

        assertThat(read).isEqualTo(result);
        assertThat(read.pipeline()).isNull();
        assertThat(read.models()).isEmpty();
        assertThat(json).contains("\"code\":\"IMAGE_UNDECODABLE\"").doesNotContain("\"digits\"", "\"pipeline\"");
    }

    @Test
    void resultMustCarryDigitsOrAnErrorButNotBoth() {
        assertThatThrownBy(() -> new RecognitionResult("x", null, null, List.of(), null, null, List.of(), null, null,
                null, null, null, Instant.now())).hasMessageContaining("either digits or an error");
    }

    @Test
    void aResultWrittenBeforePipelinesReadsWithNoModelsButItsOwn() {
        String json = "{\"id\":\"a\",\"digits\":\"7\",\"model\":{\"name\":\"digit-cnn\",\"version\":2},"
                + "\"locator\":{\"name\":\"digit-locator\",\"version\":1},\"completedAt\":\"2026-11-29T18:00:01Z\"}";

        RecognitionResult read = ContractJson.read(json, RecognitionResult.class);

        assertThat(read.model()).isEqualTo(new ModelRef("digit-cnn", 2));
        assertThat(read.pipeline()).isNull();
        assertThat(read.models()).isEmpty();
    }

    @Test
    void unknownFieldsFromNewerProducersAreIgnored() {
        String json = "{\"id\":\"a\",\"digits\":\"7\",\"completedAt\":\"2026-11-29T18:00:01Z\",\"newField\":1}";

        assertThat(ContractJson.read(json, RecognitionResult.class).digits()).isEqualTo("7");
    }
}
