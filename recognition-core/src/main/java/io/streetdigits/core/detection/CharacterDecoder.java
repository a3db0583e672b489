package io.streetdigits.core.detection;

import io.streetdigits.core.contract.DigitReading;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns a character detector's maps into the characters of a house number, and those into its reading. The one
 * place that does it: the trainer's evaluation and serving both call it, so they cannot drift.
 *
 * <p>A character is a peak of the character score (1 minus the background probability, a maximum among its 3x3
 * neighbours) at or above the threshold, not overlapping a stronger one by more than {@code maxOverlap}
 * (intersection over union of their boxes); at most {@link #MAX_CHARACTERS}, the strongest, read left to right.
 * Each reads as the digit most probable in its cell.
 *
 * <p>{@link Detection#reading()} says how the number's confidence follows from its characters'.
 *
 * @param threshold  the least character score a peak needs to count as a character
 * @param maxOverlap the largest intersection over union a character may share with a stronger one
 */
public record CharacterDecoder(double threshold, double maxOverlap) {

    /** As in the competition: a house number has 1 to 6 digits. */
    public static final int MAX_CHARACTERS = 6;
    /** Peaks weaker than this neither count nor cost confidence: they are noise, not doubt. */
    private static final double NOISE = 0.05;

    public CharacterDecoder {
        if (!(threshold > NOISE && threshold < 1)) {
            throw new IllegalArgumentException("the score threshold must be in (" + NOISE + ", 1), was " + threshold);
        }
        if (!(maxOverlap >= 0 && maxOverlap <= 1)) {
            throw new IllegalArgumentException("the largest overlap must be in [0, 1], was " + maxOverlap);
        }
    }

    /** The characters in one image's maps, left to right. */
    public Detection detect(CharacterMaps maps) {
        if (broken(maps)) {
            return new Detection(List.of(), 0); // a diverged model's maps say nothing, surely not "no number"
        }
        List<DetectedCharacter> peaks = peaks(maps);
        peaks.sort(Comparator.comparingDouble(DetectedCharacter::presence).reversed());
        List<DetectedCharacter> kept = new ArrayList<>();
        double noneMissed = 1.0;
        for (DetectedCharacter peak : peaks) {
            if (overlapsKept(peak, kept)) {
                continue;
            }
            if (peak.presence() >= threshold && kept.size() < MAX_CHARACTERS) {
                kept.add(peak);
            } else {
                noneMissed *= 1 - peak.presence();
            }
        }
        kept.sort(Comparator.comparingDouble(DetectedCharacter::centreX));
        return new Detection(kept, noneMissed);
    }

    /** The reading of one image's maps. */
    public DigitReading read(CharacterMaps maps) {
        return detect(maps).reading();
    }

    private boolean overlapsKept(DetectedCharacter character, List<DetectedCharacter> kept) {
        for (DetectedCharacter other : kept) {
            if (character.overlap(other) > maxOverlap) {
                return true;
            }
        }
        return false;
    }

    private static boolean broken(CharacterMaps maps) {
        for (int y = 0; y < maps.height(); y++) {
            for (int x = 0; x < maps.width(); x++) {
                if (Double.isNaN(maps.characterScore(y, x))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<DetectedCharacter> peaks(CharacterMaps maps) {
        List<DetectedCharacter> peaks = new ArrayList<>();
        for (int y = 0; y < maps.height(); y++) {
            for (int x = 0; x < maps.width(); x++) {
                double score = maps.characterScore(y, x);
                if (score >= NOISE && isPeak(maps, y, x, score)) {
                    peaks.add(character(maps, y, x, score));
                }
            }
        }
        return peaks;
    }

    /**
     * Whether no neighbour scores higher; of equal neighbours only the first in reading order counts, so a flat
     * top yields one peak.
     */
    private static boolean isPeak(CharacterMaps maps, int y, int x, double score) {
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                int ny = y + dy;
                int nx = x + dx;
                if ((dy == 0 && dx == 0) || ny < 0 || nx < 0 || ny >= maps.height() || nx >= maps.width()) {
                    continue;
                }
                double neighbour = maps.characterScore(ny, nx);
                boolean before = dy < 0 || (dy == 0 && dx < 0);
                if (neighbour > score || (before && neighbour == score)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static DetectedCharacter character(CharacterMaps maps, int y, int x, double presence) {
        int digit = 0;
        for (int d = 1; d < CharacterMaps.BACKGROUND; d++) {
            if (maps.probability(d, y, x) > maps.probability(digit, y, x)) {
                digit = d;
            }
        }
        // The digit's share of the cell's character probability: its probability given a character is there.
        double probability = Math.min(1, Math.max(0, maps.probability(digit, y, x) / presence));
        double centreX = (x + 0.5) / maps.width();
        double centreY = (y + 0.5) / maps.height();
        double halfWidth = Math.max(0, maps.size(0, y, x)) / 2;
        double halfHeight = Math.max(0, maps.size(1, y, x)) / 2;
        return new DetectedCharacter(digit, probability, Math.min(1, presence), centreX - halfWidth,
                centreY - halfHeight, centreX + halfWidth, centreY + halfHeight);
    }
}
