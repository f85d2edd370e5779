package org.creditwatch.io.kafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.creditwatch.domain.CreditCode;
import org.creditwatch.domain.Stream;
import org.creditwatch.io.InputLines;
import org.creditwatch.io.RawFields;

/**
 * {@code creditwatch produce}: publishes a directory in the replay layout to the five input topics as the source
 * systems would have: in {@code reportedAt} order across the files, keyed by credit code, each line as it is (bad
 * lines too: they are the pipeline's to reject).
 */
public final class Publisher {
    private Publisher() {}

    private record Line(long reportedAt, Stream stream, String text) {}

    /**
     * @param recordsPerSecond 0 for as fast as the broker takes them
     * @param progress told the running count now and then
     * @return the number of messages published
     */
    public static long publish(Map<Stream, Path> files, String brokers, String topicPrefix, double recordsPerSecond,
            LongConsumer progress) throws IOException, InterruptedException {
        return publish(files, brokers, KafkaClientConfig.NONE, topicPrefix, recordsPerSecond, progress);
    }

    /** @param client security and other producer settings ({@link KafkaClientConfig}) */
    public static long publish(Map<Stream, Path> files, String brokers, KafkaClientConfig client, String topicPrefix,
            double recordsPerSecond, LongConsumer progress) throws IOException, InterruptedException {
        List<Line> lines = readInReportedAtOrder(files);
        Properties config = client.forClient();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // Not idempotent: on a loaded single broker its sequence numbers were seen to jam a partition until the batch
        // expired. A retried send may now arrive twice, which the pipeline counts and skips as a duplicate; one
        // request in flight keeps each partition in the order sent.
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(KafkaIO.MAX_MESSAGE_BYTES));
        long started = System.nanoTime();
        long sent = 0;
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Line line : lines) {
                String key = keyOf(line.text);
                producer.send(new ProducerRecord<>(topicPrefix + line.stream.topic(),
                        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                        line.text.getBytes(StandardCharsets.UTF_8)), (metadata, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            }
                        });
                if (failure.get() != null) {
                    break;
                }
                sent++;
                if (recordsPerSecond > 0) {
                    long due = started + (long) (sent * 1e9 / recordsPerSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                if (sent % 10_000 == 0) {
                    progress.accept(sent);
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IOException("publishing to Kafka failed after " + sent + " records", failure.get());
        }
        progress.accept(sent);
        return sent;
    }

    /** All lines of all files, ordered by {@code reportedAt}; a line without one keeps its place in its file. */
    static List<Line> readInReportedAtOrder(Map<Stream, Path> files) throws IOException {
        List<Line> lines = new ArrayList<>();
        for (Map.Entry<Stream, Path> file : files.entrySet()) {
            long previous = Long.MIN_VALUE;
            try (BufferedReader in = InputLines.open(file.getValue())) {
                for (String text = in.readLine(); text != null; text = in.readLine()) {
                    if (text.isBlank()) {
                        continue;
                    }
                    long reportedAt = RawFields.reportedAt(text);
                    previous = reportedAt == RawFields.NONE ? previous : reportedAt;
                    lines.add(new Line(previous, file.getKey(), text));
                }
            }
        }
        lines.sort(Comparator.comparingLong(Line::reportedAt)); // stable: ties keep file order
        return lines;
    }

    /** The message key: the credit code, upper-cased when valid, as written otherwise; null when there is none. */
    static String keyOf(String text) {
        String code = RawFields.stringField(text, "creditCode", 64);
        String valid = code == null ? null : CreditCode.normalize(code);
        return valid != null ? valid : code;
    }
}
