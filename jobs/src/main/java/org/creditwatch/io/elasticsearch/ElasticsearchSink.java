package org.creditwatch.io.elasticsearch;

import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes a stream into Elasticsearch, at least once: before every checkpoint and at the end of input each writer
 * waits until Elasticsearch has acknowledged everything it was given. Operations must therefore be idempotent
 * (see {@link ElasticsearchEmitter}).
 *
 * <p>Elasticsearch being down stops the stream (backpressure) until it is back, with a warning every half minute;
 * 429 and 5xx answers are retried with backoff a bounded number of times; a document refused for its content goes
 * to {@code cw-rejects} as an {@code ELASTICSEARCH_REJECTED} reject (if that is refused too, the log keeps it and
 * {@code elasticsearch.lost} counts it). Anything else fails the job.
 */
public final class ElasticsearchSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final ElasticsearchConfig config;
    private final ElasticsearchEmitter<T> emitter;

    public ElasticsearchSink(ElasticsearchConfig config, ElasticsearchEmitter<T> emitter) {
        this.config = Objects.requireNonNull(config, "config");
        this.emitter = Objects.requireNonNull(emitter, "emitter");
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        String name = "elasticsearch-sink-" + context.getTaskInfo().getTaskNameWithSubtasks();
        return new ElasticsearchSinkWriter<>(config, emitter, context.metricGroup(), name);
    }
}
