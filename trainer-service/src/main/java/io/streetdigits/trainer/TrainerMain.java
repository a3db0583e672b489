package io.streetdigits.trainer;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.streetdigits.trainer.training.TrainingOptions;
import jakarta.inject.Inject;
import java.util.Arrays;
import org.jboss.logging.Logger;

/**
 * Two ways to run the trainer: without arguments it serves (training jobs over REST, health, metrics);
 * {@code train [--option value ...]} runs one training job, publishes the model and exits with 0 on success.
 */
@QuarkusMain
public class TrainerMain implements QuarkusApplication {

    private static final Logger LOG = Logger.getLogger(TrainerMain.class);

    @Inject
    TrainerConfig config;

    @Inject
    TrainingJobRunner runner;

    @Override
    public int run(String... args) throws Exception {
        if (args.length == 0) {
            Quarkus.waitForExit();
            return 0;
        }
        if (!args[0].equals("train")) {
            LOG.errorf("unknown command '%s'; usage: train [--option value ...], or no arguments to serve", args[0]);
            return 2;
        }
        TrainingOptions.Parsed parsed;
        try {
            parsed = TrainingOptions.parse(Arrays.asList(args).subList(1, args.length), config.training());
        } catch (IllegalArgumentException e) {
            LOG.error(e.getMessage());
            return 2;
        }
        try {
            runner.run(parsed.spec(), parsed.announce());
            return 0;
        } catch (Exception e) {
            LOG.errorf(e, "training failed: %s", e.getMessage());
            return 1;
        }
    }

    public static void main(String... args) {
        Quarkus.run(TrainerMain.class, args);
    }

}
