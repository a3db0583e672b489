package io.streetdigits.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docker-compose.yml (a GPU box) and its CPU override validate, and agree with the services. */
class ComposeFileTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static JsonNode config(String... files) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker-compose"));
        for (String file : files) {
            command.add("-f");
            command.add(file);
        }
        command.add("config");
        return YAML.readTree(Project.run(command.toArray(String[]::new)));
    }

    @Test
    void theGpuBoxFileValidatesAndOnlyInferenceAndTrainerReserveAGpu() throws Exception {
        JsonNode config = config("docker-compose.yml");

        assertThat(DeploymentChecks.compose(config, Set.of("inference", "trainer"))).isEmpty();
        assertThat(DeploymentChecks.images(images(config))).isEmpty();
        assertThat(DeploymentChecks.compareTopics("the kafka-topics service", createdTopics(config))).isEmpty();
    }

    @Test
    void theCpuOverrideLeavesEveryDefaultServiceWithoutAGpu() throws Exception {
        JsonNode config = config("docker-compose.yml", "docker-compose.cpu.yml");

        // The GPU services stay defined, but only behind profiles that a CPU box does not enable.
        assertThat(config.path("services").path("inference").path("profiles").toString()).contains("gpu");
        assertThat(config.path("services").path("trainer").path("profiles").toString()).contains("gpu-training");
        assertThat(DeploymentChecks.compose(config, Set.of("inference", "trainer"))).isEmpty();
        assertThat(DeploymentChecks.images(images(config))).isEmpty();
    }

    static Set<String> images(JsonNode config) {
        Set<String> images = new TreeSet<>();
        config.path("services").forEach(service -> images.add(service.path("image").asText()));
        return images;
    }

    static Set<String> createdTopics(JsonNode config) {
        String command = config.path("services").path("kafka-topics").path("command").toString();
        Matcher list = Pattern.compile("for topic in ([a-z\\- ]+);").matcher(command);
        assertThat(list.find()).as("the kafka-topics command lists its topics: " + command).isTrue();
        Set<String> topics = new TreeSet<>(List.of(list.group(1).trim().split("\\s+")));
        // and topics created one by one, with settings of their own
        Matcher single = Pattern.compile("--topic ([a-z][a-z\\-]+)").matcher(command);
        while (single.find()) {
            topics.add(single.group(1));
        }
        return topics;
    }
}
