package io.streetdigits.e2e;

import io.streetdigits.core.contract.Topics;
import io.streetdigits.core.model.ModelRepository;
import io.streetdigits.core.model.ModelVersion;
import io.streetdigits.kafka.broker.EmbeddedKafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One whole system for the end-to-end tests of this JVM: a real Kafka broker, the packaged inference service with
 * the bundled model, and the packaged gateway with two tenants (acme, and the admin ops). Started once, on first
 * use, and stopped when the test session ends ({@link EndToEndSession}).
 */
final class RunningSystem {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final String ACME_KEY = "e2e-acme-key";
    static final String ADMIN_KEY = "e2e-ops-key";

    private static RunningSystem instance;

    final EmbeddedKafkaBroker broker;
    final ServiceProcess inference;
    final ServiceProcess gateway;
    final ModelVersion bundled;

    private RunningSystem(EmbeddedKafkaBroker broker, ServiceProcess inference, ServiceProcess gateway,
            ModelVersion bundled) {
        this.broker = broker;
        this.inference = inference;
        this.gateway = gateway;
        this.bundled = bundled;
    }

    static synchronized RunningSystem get() throws Exception {
        if (instance == null) {
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
            broker.createTopics(3, List.of(Topics.RECOGNITION_REQUESTS, Topics.RECOGNITION_RESULTS,
                    Topics.DEAD_LETTERS, Topics.MODEL_EVENTS, Topics.BATCHES));
            Path models = ROOT.resolve("models");
            ModelVersion bundled = new ModelRepository(models).latest("digit-cnn").orElseThrow();
            // Served by default here: digit-cnn, one model read alone, which the tests' oracle runs in-process to
            // know every right answer; the house-number pipeline, the default elsewhere, is read by ScaleOutIT.
            ServiceProcess inference = ServiceProcess.start("inference-service", List.of(
                    "kafka.bootstrap.servers=" + broker.bootstrapServers(), "streetdigits.models.dir=" + models,
                    "streetdigits.inference.default-model=digit-cnn"));
            RunningSystem system = new RunningSystem(broker, inference, null, bundled);
            ServiceProcess gateway = ServiceProcess.start("gateway-service", system.gatewayProperties());
            instance = new RunningSystem(broker, inference, gateway, bundled);
        }
        return instance;
    }

    /** The configuration of a gateway of this system; another instance started with it shares everything. */
    List<String> gatewayProperties(String... more) {
        return gatewayPropertiesOn(broker.bootstrapServers(), more);
    }

    /** The configuration of a gateway like this system's, on another broker. */
    static List<String> gatewayPropertiesOn(String bootstrapServers, String... more) {
        List<String> properties = new ArrayList<>(List.of(
                "kafka.bootstrap.servers=" + bootstrapServers,
                "streetdigits.models.dir=" + ROOT.resolve("models"),
                "streetdigits.gateway.auth.tenants.acme.api-key=" + ACME_KEY,
                "streetdigits.gateway.auth.tenants.ops.api-key=" + ADMIN_KEY,
                "streetdigits.gateway.auth.tenants.ops.admin=true",
                "streetdigits.gateway.model-comparison-file=" + ROOT.resolve("docs/model-comparison.json")));
        properties.addAll(List.of(more));
        return properties;
    }

    /** A request to the shared gateway with acme's key. */
    static HttpRequest.Builder request(ServiceProcess gateway, String path) {
        return HttpRequest.newBuilder(gateway.uri(path)).header("X-API-Key", ACME_KEY);
    }

    static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    static URI base(ServiceProcess service) {
        return service.uri("/");
    }

    static synchronized void stopIfStarted() throws Exception {
        if (instance != null) {
            instance.gateway.close();
            instance.inference.close();
            instance.broker.close();
            instance = null;
        }
    }
}
