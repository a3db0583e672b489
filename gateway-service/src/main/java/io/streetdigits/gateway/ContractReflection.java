package io.streetdigits.gateway;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.streetdigits.core.contract.BatchManifest;
import io.streetdigits.core.contract.ErrorCode;
import io.streetdigits.core.contract.ModelPinned;
import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.contract.PositionPrediction;
import io.streetdigits.core.contract.RecognitionError;
import io.streetdigits.core.contract.RecognitionResult;
import io.streetdigits.core.contract.Timings;
import io.streetdigits.core.image.PreprocessingSpec;
import io.streetdigits.core.label.LabelSchema;
import io.streetdigits.core.model.ModelCard;
import io.streetdigits.core.model.ParityCheck;
import io.streetdigits.core.model.TensorSpec;
import io.streetdigits.core.model.TrainingProvenance;
import io.streetdigits.gateway.kserve.InferenceProtocol;
import io.streetdigits.gateway.problem.Problem;

/**
 * Keeps every record Jackson reads or writes outside Quarkus' own REST scanning visible in a native image: the
 * shared contracts and model cards (recognition-core, parsed from Kafka and the model repository with the
 * contract mapper), the KServe bodies (parsed by hand for the protocol's error format) and problem bodies (sent
 * as response entities).
 */
@RegisterForReflection(targets = {RecognitionResult.class, PositionPrediction.class, ModelRef.class, Timings.class,
    RecognitionError.class, ErrorCode.class, BatchManifest.class, ModelPinned.class, ModelCard.class,
    TensorSpec.class, PreprocessingSpec.class, LabelSchema.class, TrainingProvenance.class, ParityCheck.class,
    Problem.class, InferenceProtocol.InferRequest.class, InferenceProtocol.InferInput.class,
    InferenceProtocol.InferResponse.class, InferenceProtocol.InferOutput.class, InferenceProtocol.ModelMetadata.class,
    InferenceProtocol.TensorMetadata.class, InferenceProtocol.Error.class})
public final class ContractReflection {

    private ContractReflection() {
    }
}
