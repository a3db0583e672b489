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
 * neighbours) at or above the threshold, and not a stronger one's character again ({@link #overlapsKept}: their
 * boxes' intersection over union above {@code maxOverlap}, or side by side too close); at most
 * {@link #MAX_CHARACTERS}, the strongest, read left to right,
 * and of those only the row that holds the number ({@link #inOneRow}). Each reads as the digit most probable in its
 * cell.
 *
 * <p>{@link Detection#reading()} says how the number's confidence follows from its characters'.
 *
 * @param threshold  the least character score a peak needs to count as a character
 * @param maxOverlap the largest intersection over union a character may share with a stronger one
 */
public record CharacterDecoder(double threshold, double maxOverlap) {

    /** As in the competition: a house number has 1 to 6 digits. */
    public static final int MAX_CHARACTERS = 6;
    /** The bounds of {@link #overlapsKept} and {@link #together}, as fractions of the taller character's height. */
    static final double MIN_SPACING = 0.2;
    static final double MAX_GAP = 1.0;
    static final double MAX_SHIFT = 0.6;
    static final double MAX_HEIGHT_RATIO = 1.6;
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
            if (overlapsKept(peak, kept, maps.width(), maps.height())) {
                continue;
            }
            if (peak.presence() >= threshold && kept.size() < MAX_CHARACTERS) {
                kept.add(peak);
            } else {
                noneMissed *= 1 - peak.presence();
            }
        }
        kept.sort(Comparator.comparingDouble(DetectedCharacter::centreX));
        return new Detection(inOneRow(kept, maps.width(), maps.height()), noneMissed);
    }

    /** The reading of one image's maps. */
    public DigitReading read(CharacterMaps maps) {
        return detect(maps).reading();
    }

    /**
     * The characters of one number stand in a row: of the runs of neighbours that do ({@link #together}), the one
     * with the most presence in all; characters beside it (another number's, a window's edge) are left out.
     */
    private static List<DetectedCharacter> inOneRow(List<DetectedCharacter> sorted, int width, int height) {
        List<DetectedCharacter> best = List.of();
        double bestPresence = -1;
        int start = 0;
        for (int i = 1; i <= sorted.size(); i++) {
            if (i == sorted.size() || !together(sorted.get(i - 1), sorted.get(i), width, height)) {
                double presence = sorted.subList(start, i).stream().mapToDouble(DetectedCharacter::presence).sum();
                if (presence > bestPresence) {
                    bestPresence = presence;
                    best = sorted.subList(start, i);
                }
                start = i;
            }
        }
        return List.copyOf(best);
    }

    /**
     * Whether two neighbours, left to right, belong to one number, measured in the detector's cells (square in its
     * input): the gap between their boxes at most {@link #MAX_GAP} of the taller's height, their centres at most
     * {@link #MAX_SHIFT} of it apart upright, and one at most {@link #MAX_HEIGHT_RATIO} times as tall as the other.
     * The labelled training numbers' characters are far inside these bounds (gap 0.30 of the height and upright
     * shift 0.41 at the 99th percentile, heights equal), which leave room for the detector's own boxes' errors.
     */
    static boolean together(DetectedCharacter left, DetectedCharacter right, int width, int height) {
        double leftHeight = (left.bottom() - left.top()) * height;
        double rightHeight = (right.bottom() - right.top()) * height;
        double taller = Math.max(leftHeight, rightHeight);
        if (taller <= 0) {
            return true; // no size to judge by
        }
        double gap = (right.left() - left.right()) * width;
        double shift = Math.abs((right.top() + right.bottom()) - (left.top() + left.bottom())) / 2 * height;
        return gap <= MAX_GAP * taller && shift <= MAX_SHIFT * taller
                && taller <= MAX_HEIGHT_RATIO * Math.max(1e-9, Math.min(leftHeight, rightHeight));
    }

    /**
     * Whether a peak is a stronger one's character again: their boxes overlap by more than {@code maxOverlap}, or
     * their centres stand closer side by side than {@link #MIN_SPACING} of the taller's height (the labelled
     * training numbers' neighbours stand 0.22 of it apart at the 1st percentile; a narrow "1" found twice, two cells
     * apart, overlaps its twin too little to be caught by the boxes alone).
     */
    private boolean overlapsKept(DetectedCharacter character, List<DetectedCharacter> kept, int width, int height) {
        for (DetectedCharacter other : kept) {
            double taller = Math.max(character.bottom() - character.top(), other.bottom() - other.top()) * height;
            double apart = Math.abs(character.centreX() - other.centreX()) * width;
            boolean level = Math.abs((character.top() + character.bottom()) - (other.top() + other.bottom())) / 2
                    * height <= MAX_SHIFT * taller;
            if (character.overlap(other) > maxOverlap || (level && apart < MIN_SPACING * taller)) {
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
