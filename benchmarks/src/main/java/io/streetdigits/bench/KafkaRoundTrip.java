package io.streetdigits.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka's own round trip on the path a request takes: a record to one topic, a relay in this process (where the
 * inference service would be) forwarding it to a second topic, and back to the sender; one at a time, with the same
 * client settings as the latency measurement. The service's low-load latency minus this is what the service adds.
 */
final class KafkaRoundTrip {

    private static final int WARM_UP = 20;
    /** The broker answers a fetch at once when there is a record; this bounds an empty one. */
    static final int FETCH_WAIT_MS = 5;

    private KafkaRoundTrip() {
    }

    /** @return milliseconds per round trip of {@code request} out and {@code reply} back */
    static List<Double> measure(String bootstrap, byte[] request, byte[] reply, int count) throws Exception {
        String run = "bench-round-trip-" + System.currentTimeMillis();
        TopicPartition out = new TopicPartition(run + "-out", 0);
        TopicPartition back = new TopicPartition(run + "-back", 0);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(out.topic(), 1, (short) 1), new NewTopic(back.topic(), 1,
                    (short) 1))).all().get(30, TimeUnit.SECONDS);
            try {
                return measure(bootstrap, out, back, request, reply, count);
            } finally {
                admin.deleteTopics(List.of(out.topic(), back.topic())).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static List<Double> measure(String bootstrap, TopicPartition out, TopicPartition back, byte[] request,
            byte[] reply, int count) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        // Positioned here, before the first request is sent; then used by the relay thread alone.
        KafkaConsumer<byte[], byte[]> requests = consumer(bootstrap, out);
        Thread relay = new Thread(() -> relay(bootstrap, requests, back, reply, running), "round-trip-relay");
        List<Double> millis = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap);
                KafkaConsumer<byte[], byte[]> replies = consumer(bootstrap, back)) {
            relay.start();
            for (int i = 0; i < count + WARM_UP; i++) {
                long start = System.nanoTime();
                producer.send(new ProducerRecord<>(out.topic(), request));
                producer.flush();
                while (replies.poll(Duration.ofMillis(50)).isEmpty()) {
                    if (System.nanoTime() - start > Duration.ofSeconds(30).toNanos()) {
                        throw new IllegalStateException("no reply on " + back.topic() + " within 30 s");
                    }
                }
                if (i >= WARM_UP) {
                    millis.add((System.nanoTime() - start) / 1e6);
                }
            }
        } finally {
            running.set(false);
            relay.join(10_000);
        }
        return millis;
    }

    private static void relay(String bootstrap, KafkaConsumer<byte[], byte[]> requests, TopicPartition back,
            byte[] reply, AtomicBoolean running) {
        try (requests; KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> ignored : requests.poll(Duration.ofMillis(50))) {
                    producer.send(new ProducerRecord<>(back.topic(), reply));
                    producer.flush();
                }
            }
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 0, ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Reads one partition from its end, as the latency measurement's consumer reads the results. */
    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, TopicPartition partition) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_WAIT_MS),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.assign(List.of(partition));
        consumer.seekToEnd(List.of(partition));
        consumer.position(partition);
        return consumer;
    }
}
