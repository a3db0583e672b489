package io.streetdigits.gateway;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.streetdigits.core.contract.ErrorCode;
import io.streetdigits.core.contract.ModelRef;
import io.streetdigits.core.contract.PositionPrediction;
import io.streetdigits.core.contract.RecognitionError;
import io.streetdigits.core.contract.RecognitionResult;
import io.streetdigits.core.contract.Timings;

/**
 * Keeps the shared contract records readable by Jackson in a native image: they live in recognition-core, outside
 * the classes Quarkus scans for REST return types, and the gateway also parses them from Kafka.
 */
@RegisterForReflection(targets = {RecognitionResult.class, PositionPrediction.class, ModelRef.class, Timings.class,
    RecognitionError.class, ErrorCode.class})
public final class ContractReflection {

    private ContractReflection() {
    }
}
