package io.streetdigits.core.pipeline;

import java.util.List;

/**
 * Turns a pipeline's raw confidence (the product of its characters' probabilities, which soft training targets
 * keep well below 1 even for sure readings) into the probability that a reading is right, by Platt's logistic fit
 * on the log of the raw confidence: {@code 1 / (1 + exp(-(slope * ln(raw) + intercept)))}. Fitted on photos the
 * models did not learn from ({@link #fit}), declared in the pipeline, applied by {@link PipelineReader}.
 */
public record Calibration(double slope, double intercept) {

    /** Raw confidences are floored here before their logarithm: a zero is "very unsure", not minus infinity. */
    private static final double FLOOR = 1e-6;
    private static final int NEWTON_STEPS = 50;

    public Calibration {
        if (!Double.isFinite(slope) || !Double.isFinite(intercept) || slope < 0) {
            throw new IllegalArgumentException("a calibration needs a finite slope >= 0 (a surer reading must not"
                    + " come out less sure) and a finite intercept, was " + slope + ", " + intercept);
        }
    }

    public double apply(double raw) {
        double z = slope * Math.log(Math.max(FLOOR, raw)) + intercept;
        return 1 / (1 + Math.exp(-z));
    }

    /** One reading of a labelled photo: its raw confidence and whether it was right. */
    public record Sample(double raw, boolean right) {
    }

    /**
     * The maximum-likelihood fit (Newton's method on the logistic loss, with a little ridge so that photos all
     * right or all wrong still give an answer).
     */
    public static Calibration fit(List<Sample> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no readings to fit a calibration on");
        }
        double a = 1;
        double b = 0;
        double ridge = 1e-3;
        for (int step = 0; step < NEWTON_STEPS; step++) {
            double ga = ridge * a;
            double gb = 0;
            double haa = ridge;
            double hab = 0;
            double hbb = 1e-9;
            for (Sample sample : samples) {
                double x = Math.log(Math.max(FLOOR, sample.raw()));
                double p = 1 / (1 + Math.exp(-(a * x + b)));
                double error = p - (sample.right() ? 1 : 0);
                double weight = p * (1 - p);
                ga += error * x;
                gb += error;
                haa += weight * x * x;
                hab += weight * x;
                hbb += weight;
            }
            double determinant = haa * hbb - hab * hab;
            if (determinant <= 0) {
                break;
            }
            a -= (hbb * ga - hab * gb) / determinant;
            b -= (haa * gb - hab * ga) / determinant;
        }
        return new Calibration(Math.max(0, a), b);
    }
}
