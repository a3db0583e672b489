package io.streetdigits.trainer.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the jobs of earlier runs are listed again ({@link TrainingJobs#restoreHistory}), so that a client
 * asking right after a restart about a job it started before gets its last status rather than a 404.
 */
@Readiness
@ApplicationScoped
public class JobHistoryReadiness implements HealthCheck {

    @Inject
    TrainingJobs jobs;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("job-history").status(jobs.historyRestored()).build();
    }
}
