package org.creditwatch.io.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperationBase;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.IndexOperation;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.transport.rest5_client.low_level.ResponseException;
import co.elastic.clients.util.BinaryData;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLHandshakeException;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.creditwatch.io.OutputJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the emitter's operations through a {@link BulkIngester}, at least once.
 *
 * <p>Every operation handed to the ingester is <em>unresolved</em> until Elasticsearch has written it, refused it
 * for its content (then its reject document is unresolved instead) or the writer has failed. {@link #flush} waits
 * for none to be left; {@link #write} waits while too many are. Retries are scheduled here, not by the ingester:
 * its backoff policy only covers items answered 429 and never calls the listener for a request all of whose items
 * it retries, which would make in-flight requests uncountable.
 */
final class ElasticsearchSinkWriter<T> implements SinkWriter<T> {
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchSinkWriter.class);
    private static final long WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final ElasticsearchConfig config;
    private final ElasticsearchEmitter<T> emitter;
    private final ElasticsearchClient client;
    private final ScheduledExecutorService scheduler;
    private final BulkIngester<PendingOperation> ingester;
    private final long maxUnresolved;

    /** Externally versioned index operations held until the next drain, by index and id; guarded by itself. */
    private final Map<String, BulkOperation> coalescing = new LinkedHashMap<>();

    private final Object state = new Object();
    private long unresolved; // guarded by state
    private IOException fatal; // guarded by state
    private volatile boolean closing;

    private final AtomicInteger consecutiveConnectionFailures = new AtomicInteger();
    private final ThrottledWarning unreachableWarning = new ThrottledWarning();
    private final ThrottledWarning retryWarning = new ThrottledWarning();
    private final ThrottledWarning refusedWarning = new ThrottledWarning();

    private final Counter written = new ThreadSafeSimpleCounter();
    private final Counter coalesced = new ThreadSafeSimpleCounter();
    private final Counter versionConflicts = new ThreadSafeSimpleCounter();
    private final Counter refused = new ThreadSafeSimpleCounter();
    private final Counter lost = new ThreadSafeSimpleCounter();
    private final Counter retried = new ThreadSafeSimpleCounter();
    private final Counter connectionFailures = new ThreadSafeSimpleCounter();

    ElasticsearchSinkWriter(ElasticsearchConfig config, ElasticsearchEmitter<T> emitter, MetricGroup metrics,
            String name) throws IOException {
        this.config = config;
        this.emitter = emitter;
        this.maxUnresolved = (long) config.bulkActions() * (config.maxConcurrentRequests() + 1);
        this.client = ElasticsearchClients.create(config);
        try {
            if (config.installTemplates()) {
                installTemplates();
            }
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
        MetricGroup group = metrics.addGroup("elasticsearch");
        group.counter("written", written);
        group.counter("coalesced", coalesced);
        group.counter("versionConflicts", versionConflicts);
        group.counter("refused", refused);
        group.counter("lost", lost);
        group.counter("retried", retried);
        group.counter("connectionFailures", connectionFailures);
        group.gauge("unresolvedOperations", (Gauge<Long>) this::unresolvedOperations);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
        this.ingester = BulkIngester.of(b -> b
                .client(client)
                .maxOperations(config.bulkActions())
                .maxSize(config.bulkBytes())
                .maxConcurrentRequests(config.maxConcurrentRequests())
                .listener(new Listener()));
        long interval = config.flushIntervalMillis();
        if (interval > 0) {
            // The ingester has a flush interval of its own, but it would not send what waits for coalescing.
            scheduler.scheduleWithFixedDelay(this::periodicFlush, interval, interval, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
        awaitCapacity();
        for (BulkOperation operation : emitter.emit(element)) {
            if (isCoalescable(operation)) {
                coalesce(operation);
            } else {
                addUnresolved(1);
                ingester.add(operation, new PendingOperation(operation, false));
            }
        }
    }

    /** Called before every checkpoint and at the end of input: returns once everything written so far is durable. */
    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        drainCoalesced();
        ingester.flush();
        synchronized (state) {
            while (fatal == null && unresolved > 0) {
                state.wait();
            }
            throwIfFailed();
        }
    }

    @Override
    public void close() throws Exception {
        closing = true;
        scheduler.shutdownNow();
        try {
            ingester.close();
        } finally {
            client.close();
        }
    }

    long writtenOperations() {
        return written.getCount();
    }

    long coalescedOperations() {
        return coalesced.getCount();
    }

    long versionConflicts() {
        return versionConflicts.getCount();
    }

    long refusedDocuments() {
        return refused.getCount();
    }

    long lostDocuments() {
        return lost.getCount();
    }

    long retriedOperations() {
        return retried.getCount();
    }

    long connectionFailures() {
        return connectionFailures.getCount();
    }

    long unresolvedOperations() {
        synchronized (state) {
            return unresolved;
        }
    }

    // ----- templates

    /** Waits for Elasticsearch to answer, so that a job started before it does not fail over and over. */
    private void installTemplates() throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                ElasticsearchIndices.install(client, config.indexPrefix());
                return;
            } catch (IOException | RuntimeException e) {
                Throwable cause = unwrap(e);
                if (!isConnectionFailure(cause) && !isRetryable(statusOf(cause))) {
                    throw new IOException("Elasticsearch sink: putting the index templates failed", e);
                }
                long delay = config.backoffMillis(attempt);
                if (unreachableWarning.due()) {
                    LOG.warn("Elasticsearch is not available for the index templates ({}); trying again in {} ms",
                            summary(cause), delay);
                }
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("Interrupted while waiting for Elasticsearch");
                }
            }
        }
    }

    // ----- coalescing

    private static boolean isCoalescable(BulkOperation operation) {
        if (!operation.isIndex()) {
            return false;
        }
        IndexOperation<?> index = operation.index();
        return isExternal(index.versionType()) && index.id() != null && index.version() != null;
    }

    private static boolean isExternal(VersionType type) {
        return type == VersionType.External || type == VersionType.ExternalGte;
    }

    /** Keeps the highest version per document: Elasticsearch would refuse the lower ones anyway. */
    private void coalesce(BulkOperation operation) {
        IndexOperation<?> index = operation.index();
        String key = index.index() + '\u0000' + index.id();
        boolean full;
        synchronized (coalescing) {
            BulkOperation kept = coalescing.get(key);
            if (kept == null || kept.index().version() < index.version()) {
                coalescing.put(key, operation);
            }
            if (kept != null) {
                coalesced.inc();
            }
            full = coalescing.size() >= config.bulkActions();
        }
        if (full) {
            drainCoalesced();
        }
    }

    private void drainCoalesced() {
        List<BulkOperation> drained;
        synchronized (coalescing) {
            if (coalescing.isEmpty()) {
                return;
            }
            drained = new ArrayList<>(coalescing.values());
            coalescing.clear();
            // Counted before they leave the map, so that a concurrent flush waits for them.
            addUnresolved(drained.size());
        }
        for (BulkOperation operation : drained) {
            ingester.add(operation, new PendingOperation(operation, false));
        }
    }

    private void periodicFlush() {
        try {
            drainCoalesced();
            ingester.flush();
        } catch (RuntimeException e) {
            if (!closing) {
                fail("sending buffered operations failed", e);
            }
        }
    }

    // ----- accounting

    private void addUnresolved(int count) {
        synchronized (state) {
            unresolved += count;
        }
    }

    private void resolve(int count) {
        if (count == 0) {
            return;
        }
        synchronized (state) {
            unresolved -= count;
            state.notifyAll();
        }
    }

    /** Backpressure: while Elasticsearch is slow or away, the task stops taking input instead of buffering it. */
    private void awaitCapacity() throws IOException, InterruptedException {
        synchronized (state) {
            while (fatal == null && unresolved >= maxUnresolved) {
                state.wait();
            }
            throwIfFailed();
        }
    }

    private void throwIfFailed() throws IOException {
        if (fatal != null) {
            throw new IOException(fatal.getMessage(), fatal);
        }
    }

    private void fail(String message, Throwable cause) {
        synchronized (state) {
            if (fatal == null) {
                fatal = new IOException("Elasticsearch sink: " + message, cause);
            }
            state.notifyAll();
        }
    }

    // ----- outcomes

    private final class Listener implements BulkListener<PendingOperation> {
        @Override
        public void beforeBulk(long executionId, BulkRequest request, List<PendingOperation> contexts) {
            // Nothing to do: operations are counted from add to outcome, which also covers waits for a retry.
        }

        @Override
        public void afterBulk(long executionId, BulkRequest request, List<PendingOperation> contexts,
                BulkResponse response) {
            // The ingester runs listeners on its executor and drops what they throw: record it instead.
            try {
                onResponse(contexts, response);
            } catch (RuntimeException e) {
                fail("handling a bulk response failed", e);
            }
        }

        @Override
        public void afterBulk(long executionId, BulkRequest request, List<PendingOperation> contexts,
                Throwable failure) {
            try {
                onRequestFailure(contexts, failure);
            } catch (RuntimeException e) {
                fail("handling a failed bulk request failed", e);
            }
        }
    }

    private void onResponse(List<PendingOperation> operations, BulkResponse response) {
        consecutiveConnectionFailures.set(0);
        if (!response.errors()) {
            written.inc(operations.size());
            resolve(operations.size());
            return;
        }
        List<BulkResponseItem> items = response.items();
        List<PendingOperation> retries = new ArrayList<>();
        int retryStatus = 0;
        int done = 0;
        for (int i = 0; i < items.size(); i++) {
            BulkResponseItem item = items.get(i);
            PendingOperation operation = operations.get(i);
            ErrorCause error = item.error();
            if (error == null) {
                written.inc();
                done++;
            } else if (item.status() == 409 && "version_conflict_engine_exception".equals(error.type())
                    && operation.conflictMeansWritten()) {
                versionConflicts.inc();
                done++;
            } else if (isRetryable(item.status())) {
                retries.add(operation);
                retryStatus = item.status();
            } else if (isDataFault(item.status())) {
                if (operation.rejectDocument) {
                    lose(operation, error);
                } else {
                    routeToRejects(operation, error);
                }
                done++;
            } else {
                fail("Elasticsearch refused a document for " + item.index() + " (HTTP " + item.status() + " "
                        + describe(error) + ")", null);
                return;
            }
        }
        resolve(done);
        retry(retries, "HTTP " + retryStatus);
    }

    private void onRequestFailure(List<PendingOperation> operations, Throwable failure) {
        Throwable cause = unwrap(failure);
        int status = statusOf(cause);
        if (isConnectionFailure(cause)) {
            connectionFailures.inc();
            long delay = config.backoffMillis(consecutiveConnectionFailures.incrementAndGet());
            if (unreachableWarning.due()) {
                LOG.warn("Elasticsearch is unreachable ({}); {} operations wait, next try in {} ms",
                        summary(cause), unresolvedOperations(), delay);
            }
            resubmitLater(operations, delay);
        } else if (isRetryable(status)) {
            retry(operations, "HTTP " + status);
        } else {
            fail("a bulk request failed (" + summary(cause) + ")", cause);
        }
    }

    /** Bounded retries for 429 and 5xx, each operation with its own doubling backoff. */
    private void retry(List<PendingOperation> operations, String reason) {
        if (operations.isEmpty()) {
            return;
        }
        Map<Long, List<PendingOperation>> byDelay = new TreeMap<>();
        for (PendingOperation operation : operations) {
            operation.retries++;
            if (operation.retries > config.maxRetries()) {
                fail("gave up on an operation for " + indexOf(operation.operation) + " after " + config.maxRetries()
                        + " retries (" + reason + ")", null);
                return;
            }
            byDelay.computeIfAbsent(config.backoffMillis(operation.retries), d -> new ArrayList<>()).add(operation);
        }
        retried.inc(operations.size());
        if (retryWarning.due()) {
            LOG.warn("Elasticsearch is busy ({}): retrying {} operations", reason, operations.size());
        }
        byDelay.forEach((delay, due) -> resubmitLater(due, delay));
    }

    /** A document refused for its content is not retried: its reject document takes its place. */
    private void routeToRejects(PendingOperation operation, ErrorCause error) {
        String sourceIndex = indexOf(operation.operation);
        BulkOperation reject = ElasticsearchEmitters.elasticsearchRejected(
                config.indexPrefix(), sourceIndex, describe(error), documentText(operation.operation));
        refused.inc();
        if (refusedWarning.due()) {
            LOG.warn("Elasticsearch refused a document for {} ({}); {} refused so far go to {}{}", sourceIndex,
                    error.type(), refused.getCount(), config.indexPrefix(), ElasticsearchIndices.REJECTS);
        }
        addUnresolved(1);
        resubmitLater(List.of(new PendingOperation(reject, true)), 0);
    }

    /**
     * The reject document of a refused document refused too (the rejects index's mapping changed by hand, say):
     * there is nowhere else to put it, so the log keeps its text; one bad document still never stops the job.
     */
    private void lose(PendingOperation operation, ErrorCause error) {
        lost.inc();
        LOG.error("Elasticsearch refused the reject document of a refused one ({}); it is only in this log: {}",
                describe(error), documentText(operation.operation));
    }

    /** Adds operations again from the writer's own thread: the listener's threads must not block on the ingester. */
    private void resubmitLater(List<PendingOperation> operations, long delayMillis) {
        if (closing) {
            return; // not needed for at-least-once: what no checkpoint confirmed is replayed after a restart
        }
        try {
            scheduler.schedule(() -> resubmit(operations), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            if (!closing) {
                fail("could not schedule a retry", e);
            }
        }
    }

    private void resubmit(List<PendingOperation> operations) {
        try {
            for (PendingOperation operation : operations) {
                ingester.add(operation.operation, operation);
            }
            ingester.flush();
        } catch (RuntimeException e) {
            if (!closing) {
                fail("could not retry operations", e);
            }
        }
    }

    // ----- classification

    private static boolean isRetryable(int status) {
        return status == 429 || status >= 500;
    }

    /** Refusals that another try cannot change: mapping errors, illegal arguments, a document too large. */
    private static boolean isDataFault(int status) {
        return status == 400 || status == 413;
    }

    /** No HTTP answer: Elasticsearch is down or unreachable. A failed TLS handshake is a setup error instead. */
    private static boolean isConnectionFailure(Throwable cause) {
        return cause instanceof IOException && statusOf(cause) == 0 && !(cause instanceof SSLHandshakeException);
    }

    /** The HTTP status of a failed request, or 0 when there was no answer. */
    private static int statusOf(Throwable cause) {
        if (cause instanceof ElasticsearchException e) {
            return e.status();
        }
        if (cause instanceof TransportException e) {
            return e.statusCode();
        }
        if (cause instanceof ResponseException e) {
            return e.getResponse().getStatusCode();
        }
        return 0;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String summary(Throwable cause) {
        return cause.getClass().getSimpleName() + ": " + OutputJson.cut(
                String.valueOf(cause.getMessage()), ElasticsearchEmitters.MAX_DETAIL_CHARS);
    }

    private static String describe(ErrorCause error) {
        String text = error.type() + ": " + error.reason();
        ErrorCause cause = error.causedBy();
        return cause == null ? text : text + " (caused by " + cause.type() + ": " + cause.reason() + ")";
    }

    private static String indexOf(BulkOperation operation) {
        return ((BulkOperationBase) operation._get()).index();
    }

    private String documentText(BulkOperation operation) {
        Object document = operation.isIndex() ? operation.index().document()
                : operation.isCreate() ? operation.create().document() : null;
        if (document == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.decode(BinaryData.of(document, client._jsonpMapper()).asByteBuffer())
                    .toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An operation from {@code add} to its outcome, with the retries it has had. */
    private static final class PendingOperation {
        final BulkOperation operation;
        /** The reject document of a refused one: if Elasticsearch refuses this too, only the log keeps it. */
        final boolean rejectDocument;
        int retries;

        PendingOperation(BulkOperation operation, boolean rejectDocument) {
            this.operation = operation;
            this.rejectDocument = rejectDocument;
        }

        /** A conflict means that the same or a newer document is there already. */
        boolean conflictMeansWritten() {
            return operation.isCreate() || operation.isIndex() && isExternal(operation.index().versionType());
        }
    }

    /** True at most once per interval, so that an outage gives a warning every half minute, not one per request. */
    private static final class ThrottledWarning {
        private final AtomicLong last = new AtomicLong(System.nanoTime() - WARNING_INTERVAL_NANOS);

        boolean due() {
            long now = System.nanoTime();
            long previous = last.get();
            return now - previous >= WARNING_INTERVAL_NANOS && last.compareAndSet(previous, now);
        }
    }
}
