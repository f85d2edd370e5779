package org.creditwatch.io.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Objects;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.creditwatch.io.OutputJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a stream to a Kafka topic, at least once: before every checkpoint and at the end of input each writer
 * waits until the broker has acknowledged everything it was given (or refused it, below).
 *
 * <p>A message that the broker refuses for its content (too large, a timestamp out of range, a record it calls
 * invalid) is a dead letter (spec §8), never a failed task: it goes to the dead-letter topic as a
 * {@value #KAFKA_REJECTED} reject with the reason, is counted ({@code kafka.deadLetters}), and each kind of refusal is
 * logged once. A dead letter that is refused too, or a refused message of the dead-letter topic itself, is counted
 * as {@code kafka.lost} and logged with its text: there is nowhere else to put it. Anything else (the broker
 * unreachable past the producer's delivery timeout, authorisation) fails the task, and the job restarts from its
 * last checkpoint.
 *
 * <p>Record timestamps are the producer's clock (CreateTime, the moment of writing), not the element's event time:
 * a broker with default settings refuses timestamps more than an hour ahead of its own clock, and a warning's
 * event time (a licence's end, say) may lie years ahead. The event time stays in the message itself.
 */
public final class KafkaOutputSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    public static final String KAFKA_REJECTED = "KAFKA_REJECTED";
    /** A dead letter keeps the start of the refused message: enough to find it, never another oversized message. */
    static final int MAX_RAW_CHARS = 16 * 1024;

    private final Properties producerConfig;
    private final String topic;
    private final String deadLetterTopic;
    private final KafkaIO.Text<T> key;
    private final OutputJson.Format<T> value;

    /**
     * @param producerConfig bootstrap servers and anything else the producer needs (security, say); the sink sets
     *     the serializers, acknowledgements by all replicas and the largest request size
     */
    public KafkaOutputSink(Properties producerConfig, String topic, String deadLetterTopic, KafkaIO.Text<T> key,
            OutputJson.Format<T> value) {
        this.producerConfig = (Properties) producerConfig.clone();
        this.topic = Objects.requireNonNull(topic, "topic");
        this.deadLetterTopic = Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        this.key = Objects.requireNonNull(key, "key");
        this.value = Objects.requireNonNull(value, "value");
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new Writer(context.metricGroup());
    }

    /** Whether a send failed because of the message itself: retrying it, or restarting the job, cannot help. */
    static boolean refusedForContent(Exception failure) {
        return failure instanceof InvalidRecordException || failure instanceof RecordTooLargeException
                || failure instanceof RecordBatchTooLargeException || failure instanceof InvalidTimestampException
                || failure instanceof CorruptRecordException;
    }

    /** The dead letter of a refused message, as a reject document like the parser's (spec §8). */
    static byte[] deadLetter(String topic, Exception failure, byte[] message) {
        return OutputJson.refusedOutput(KAFKA_REJECTED, failure.getClass().getSimpleName() + ": " + failure.getMessage(),
                topic, OutputJson.cut(new String(message, StandardCharsets.UTF_8), MAX_RAW_CHARS));
    }

    /** A message the broker refused for its content, waiting to become a dead letter. */
    private record Refused(byte[] key, byte[] message, Exception failure) {}

    private final class Writer implements SinkWriter<T> {
        private final Logger log = LoggerFactory.getLogger(KafkaOutputSink.class);
        private final KafkaProducer<byte[], byte[]> producer;
        /** Refused messages wait here for the writer's thread: a send callback must not block on the producer. */
        private final Queue<Refused> refused = new ConcurrentLinkedQueue<>();
        private final Set<Class<?>> kindsLogged = new HashSet<>();
        private final Counter written = new ThreadSafeSimpleCounter();
        private final Counter deadLetters = new ThreadSafeSimpleCounter();
        private final Counter lost = new ThreadSafeSimpleCounter();
        private volatile Exception fatal;

        Writer(MetricGroup metrics) {
            Properties config = (Properties) producerConfig.clone();
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(KafkaIO.MAX_MESSAGE_BYTES));
            this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
            MetricGroup group = metrics.addGroup("kafka");
            group.counter("written", written);
            group.counter("deadLetters", deadLetters);
            group.counter("lost", lost);
        }

        @Override
        public void write(T element, Context context) throws IOException {
            throwIfFailed();
            sendDeadLetters();
            byte[] keyBytes = key.apply(element).getBytes(StandardCharsets.UTF_8);
            byte[] message = value.apply(element);
            producer.send(new ProducerRecord<>(topic, keyBytes, message), (metadata, failure) -> {
                if (failure == null) {
                    written.inc();
                } else if (refusedForContent(failure)) {
                    refused.add(new Refused(keyBytes, message, failure));
                } else if (fatal == null) {
                    fatal = failure;
                }
            });
        }

        /** Returns once the broker has answered for everything written so far, dead letters included. */
        @Override
        public void flush(boolean endOfInput) throws IOException {
            do {
                sendDeadLetters();
                producer.flush();
            } while (!refused.isEmpty());
            throwIfFailed();
        }

        private void sendDeadLetters() {
            Refused message;
            while ((message = refused.poll()) != null) {
                if (kindsLogged.add(message.failure().getClass())) {
                    log.warn("Kafka refused a message for {} ({}): it goes to {} as {}; logged once per kind", topic,
                            message.failure().toString(), deadLetterTopic, KAFKA_REJECTED);
                }
                byte[] letter = deadLetter(topic, message.failure(), message.message());
                if (topic.equals(deadLetterTopic)) {
                    lose(letter);
                    continue;
                }
                producer.send(new ProducerRecord<>(deadLetterTopic, message.key(), letter), (metadata, failure) -> {
                    if (failure == null) {
                        deadLetters.inc();
                    } else if (refusedForContent(failure)) {
                        lose(letter);
                    } else if (fatal == null) {
                        fatal = failure;
                    }
                });
            }
        }

        /** The last resort for a dead letter that no topic takes: the log, with its text. */
        private void lose(byte[] letter) {
            lost.inc();
            log.error("Kafka refused a dead letter for {}; it is only in this log: {}", deadLetterTopic,
                    new String(letter, StandardCharsets.UTF_8));
        }

        private void throwIfFailed() throws IOException {
            Exception failure = fatal;
            if (failure != null) {
                throw new IOException("Kafka sink for " + topic + ": " + failure.getMessage(), failure);
            }
        }

        @Override
        public void close() {
            producer.close();
        }
    }
}
