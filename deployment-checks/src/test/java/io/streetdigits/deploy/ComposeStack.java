package io.streetdigits.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * docker-compose.yml with the CPU override, run under a project name of its own, so that it touches nothing of
 * another stack on this machine: its containers, network and volumes carry that name, and {@link #close()} removes
 * them all (the containers' logs are kept in the test's log first).
 */
final class ComposeStack implements AutoCloseable {

    private final Commands commands;
    private final String project;

    ComposeStack(String project, Map<String, String> environment, Path log) {
        this.project = project;
        this.commands = new Commands(log, environment);
    }

    String project() {
        return project;
    }

    /** Starts the default services in the compose file's order (health checks and dependencies), without building. */
    void up() {
        compose(Duration.ofMinutes(10), "up", "-d", "--no-build");
    }

    /** The id of a service's (only) container. */
    String container(String service) {
        return compose(Duration.ofMinutes(1), "ps", "-q", service).strip();
    }

    /** Runs the CPU trainer once, as docs/deploy.md does: {@code run --rm trainer-cpu train ...}. */
    String train(Duration timeout, String... options) {
        List<String> arguments = new ArrayList<>(List.of("--profile", "training", "run", "--rm", "-T", "trainer-cpu",
                "train"));
        arguments.addAll(List.of(options));
        return compose(timeout, arguments.toArray(String[]::new));
    }

    String compose(Duration timeout, String... arguments) {
        List<String> command = new ArrayList<>(List.of("docker-compose", "-p", project, "-f", "docker-compose.yml",
                "-f", "docker-compose.cpu.yml"));
        command.addAll(List.of(arguments));
        return commands.run(timeout, command);
    }

    @Override
    public void close() {
        try {
            compose(Duration.ofMinutes(2), "logs", "--no-color");
        } finally {
            compose(Duration.ofMinutes(5), "--profile", "training", "down", "--volumes", "--remove-orphans",
                    "--timeout", "10");
        }
    }
}
