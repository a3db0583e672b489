package io.streetdigits.gateway.recognition;

import io.streetdigits.gateway.problem.ApiProblem;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code ?wait=}: {@code 500ms}, {@code 5s}, {@code 2m}, a bare number of seconds, or ISO-8601 {@code PT5S}. */
final class WaitParameter {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)?");

    private WaitParameter() {
    }

    static Duration parse(String value, Duration max) {
        if (value == null || value.isBlank()) {
            return Duration.ZERO;
        }
        Duration wait;
        Matcher simple = SIMPLE.matcher(value.strip());
        try {
            if (simple.matches()) {
                double amount = Double.parseDouble(simple.group(1));
                String unit = simple.group(2) == null ? "s" : simple.group(2);
                double millis = switch (unit) {
                    case "ms" -> amount;
                    case "m" -> amount * 60_000;
                    default -> amount * 1_000;
                };
                wait = Duration.ofMillis((long) millis);
            } else {
                wait = Duration.parse(value.strip());
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            throw invalid(value, max);
        }
        if (wait.isNegative() || wait.compareTo(max) > 0) {
            throw invalid(value, max);
        }
        return wait;
    }

    private static ApiProblem invalid(String value, Duration max) {
        return new ApiProblem(Response.Status.BAD_REQUEST, "invalid-wait", "wait='" + value
                + "' must be a duration from 0 to " + max.toSeconds() + "s, such as 500ms, 5s or PT5S");
    }
}
