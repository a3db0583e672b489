package io.streetdigits.kafka.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaBrokerTest {

    @Test
    void aStoppedBrokerIsUnreachableAndRestartsOnTheSamePortWithItsData() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            String address = broker.bootstrapServers();
            Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, address,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 1500,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>("kept", "k", "before")).get();
                broker.stopBroker();
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> producer.send(new ProducerRecord<>("kept",
                        "k", "while down")).get()).hasRootCauseInstanceOf(
                        org.apache.kafka.common.errors.TimeoutException.class);
                broker.restartBroker();
                assertThat(broker.bootstrapServers()).isEqualTo(address);
                producer.send(new ProducerRecord<>("kept", "k", "after")).get();
            }
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, address, ConsumerConfig.GROUP_ID_CONFIG, "restart",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("kept"));
                List<String> values = new java.util.ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (values.size() < 2 && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
                }
                assertThat(values).containsExactly("before", "after");
            }
        }
    }

    @Test
    void carriesALargeRecordWithHeadersFromProducerToConsumer() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(2, List.of("images"));
            byte[] image = new byte[3 * 1024 * 1024];
            image[image.length - 1] = 42;

            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 5 * 1024 * 1024),
                    new StringSerializer(), new ByteArraySerializer())) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>("images", "key-1", image);
                record.headers().add("file-name", "a.png".getBytes(StandardCharsets.UTF_8));
                producer.send(record).get();
            }

            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "test",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of("images"));
                ConsumerRecord<String, byte[]> received = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (received == null && System.nanoTime() < deadline) {
                    ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                    if (!records.isEmpty()) {
                        received = records.iterator().next();
                    }
                }
                assertThat(received).isNotNull();
                assertThat(received.key()).isEqualTo("key-1");
                assertThat(received.value()).hasSize(image.length).endsWith(42);
                assertThat(new String(received.headers().lastHeader("file-name").value(), StandardCharsets.UTF_8))
                        .isEqualTo("a.png");
            }
        }
    }
}
