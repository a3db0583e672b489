package io.streetdigits.inference.model;

import java.util.List;

/**
 * What the registry serves for one model name.
 *
 * @param name      the model name
 * @param serving   the version answering requests, or null when none is open
 * @param pinned    the version an operator pinned, or null when the latest serves
 * @param available complete versions in the repository
 * @param provider  the execution provider of the serving version (CUDA or CPU), or null
 */
public record ModelStatus(String name, Integer serving, Integer pinned, List<Integer> available, String provider) {
}
