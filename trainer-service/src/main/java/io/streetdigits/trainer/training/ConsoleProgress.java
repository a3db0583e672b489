package io.streetdigits.trainer.training;

import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Training progress for people watching a console: a progress bar with loss and ETA at most every few seconds,
 * and one line per epoch with the validation figures.
 */
public final class ConsoleProgress implements TrainingProgress {

    private static final Logger LOG = Logger.getLogger(ConsoleProgress.class);
    private static final int BAR_WIDTH = 24;

    private final long intervalNanos;
    private final long start = System.nanoTime();
    private long lastPrint;
    private double bestScore = Double.NEGATIVE_INFINITY;
    private int bestEpoch;

    public ConsoleProgress(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public void batchDone(int epoch, int epochs, int batch, int batches, double loss) {
        long now = System.nanoTime();
        if (now - lastPrint < intervalNanos && batch != batches) {
            return;
        }
        lastPrint = now;
        double done = ((epoch - 1) + (double) batch / batches) / epochs;
        int filled = (int) Math.round(BAR_WIDTH * (double) batch / batches);
        LOG.infof("epoch %d/%d [%s%s] %d/%d batches  loss %.4f  ETA %s", epoch, epochs, "#".repeat(filled),
                ".".repeat(BAR_WIDTH - filled), batch, batches, loss, eta(now, done));
    }

    @Override
    public void epochDone(EpochReport report) {
        if (report.validation().score() > bestScore) {
            bestScore = report.validation().score();
            bestEpoch = report.epoch();
        }
        double done = (double) report.epoch() / report.epochs();
        LOG.infof("epoch %d/%d done in %.1f s (%.0f images/s): loss %.4f, %s (best epoch %d), ETA %s",
                report.epoch(), report.epochs(), report.seconds(), report.imagesPerSecond(), report.meanLoss(),
                report.describe(), bestEpoch, eta(System.nanoTime(), done));
    }

    private String eta(long now, double fractionDone) {
        if (fractionDone <= 0) {
            return "unknown";
        }
        long remaining = (long) ((now - start) / 1e9 * (1 - fractionDone) / fractionDone);
        return remaining >= 3600 ? String.format("%dh%02dm", remaining / 3600, remaining % 3600 / 60)
                : String.format("%dm%02ds", remaining / 60, remaining % 60);
    }
}
