package io.streetdigits.core.model;

import java.util.List;
import java.util.Objects;

/** A named model input or output and its shape; -1 marks the dynamic batch dimension. */
public record TensorSpec(String name, List<Long> shape) {

    public TensorSpec {
        Objects.requireNonNull(name, "name");
        shape = List.copyOf(shape);
    }
}
