package io.streetdigits.core.model;

import java.util.Objects;

/**
 * For a reader of tight crops: the locator model that finds the digits first, and how much room the crop leaves
 * around them. Named, not versioned: the locator's serving version answers, so either can be retrained alone.
 *
 * @param model  the locator's model name
 * @param margin the crop's margin on each side, as a fraction of the digits' height
 */
public record LocatorRef(String model, double margin) {

    public LocatorRef {
        ModelRepository.requireValidName(model);
        if (!(margin >= 0)) {
            throw new IllegalArgumentException("margin must be >= 0, was " + margin);
        }
    }
}
