package io.streetdigits.core.contract;

import java.util.Objects;

/** A model version as named in the model repository: {@code <name>/<version>}. */
public record ModelRef(String name, int version) {

    public ModelRef {
        Objects.requireNonNull(name, "name");
        if (version < 1) {
            throw new IllegalArgumentException("model version must be >= 1, was " + version);
        }
    }

    @Override
    public String toString() {
        return name + "/" + version;
    }
}
