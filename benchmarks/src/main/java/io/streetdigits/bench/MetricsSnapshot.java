package io.streetdigits.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A service's Prometheus metrics at one moment ({@code /q/metrics}), series by series; two snapshots subtracted
 * give what a phase of a benchmark added to the counters, timers' sums and counts.
 */
final class MetricsSnapshot {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Series (name with its labels, as exposed) to value. */
    private final Map<String, Double> series;

    private MetricsSnapshot(Map<String, Double> series) {
        this.series = series;
    }

    static MetricsSnapshot fetch(URI service) throws IOException {
        try {
            HttpRequest request = HttpRequest.newBuilder(service.resolve("/q/metrics"))
                    .timeout(Duration.ofSeconds(10)).build();
            String text = HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
            Map<String, Double> series = new LinkedHashMap<>();
            text.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(line -> {
                int space = line.lastIndexOf(' ');
                series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            });
            return new MetricsSnapshot(series);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted reading the metrics of " + service, e);
        }
    }

    /** What happened between {@code earlier} and this snapshot: every series' value minus its earlier one. */
    MetricsSnapshot since(MetricsSnapshot earlier) {
        Map<String, Double> difference = new LinkedHashMap<>();
        series.forEach((name, value) -> difference.put(name, value - earlier.series.getOrDefault(name, 0.0)));
        return new MetricsSnapshot(difference);
    }

    /** This snapshot and another added, series by series (phases put together). */
    MetricsSnapshot plus(MetricsSnapshot other) {
        Map<String, Double> sum = new LinkedHashMap<>(series);
        other.series.forEach((name, value) -> sum.merge(name, value, Double::sum));
        return new MetricsSnapshot(sum);
    }

    static MetricsSnapshot empty() {
        return new MetricsSnapshot(Map.of());
    }

    /** The sum over the series of a metric whose labels contain every one of {@code labels} ({@code key="value"}). */
    double value(String metric, String... labels) {
        double total = 0;
        for (Map.Entry<String, Double> entry : series.entrySet()) {
            String name = entry.getKey();
            if (!(name.equals(metric) || name.startsWith(metric + "{"))) {
                continue;
            }
            boolean matches = true;
            for (String label : labels) {
                matches &= name.contains(label);
            }
            if (matches) {
                total += entry.getValue();
            }
        }
        return total;
    }

    /** The values of one label among a metric's series, in the order they are exposed. */
    List<String> labelValues(String metric, String label) {
        List<String> values = new ArrayList<>();
        String key = label + "=\"";
        for (String name : series.keySet()) {
            int at = name.indexOf(key);
            if (name.startsWith(metric + "{") && at >= 0) {
                String value = name.substring(at + key.length(), name.indexOf('"', at + key.length()));
                if (!values.contains(value)) {
                    values.add(value);
                }
            }
        }
        return values;
    }
}
