package org.creditwatch.io.elasticsearch;

import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import java.io.Serializable;
import java.util.List;

/**
 * Turns one stream element into the bulk operations that write it (see {@link ElasticsearchEmitters}).
 *
 * <p>Operations must be idempotent, because delivery is at-least-once: a replay after a failure repeats them.
 * Give every document a deterministic {@code _id}. An {@code index} operation with external versioning is coalesced
 * by the writer (only the highest version of an {@code _index}/{@code _id} between two flushes is sent), and a 409
 * version conflict on it, or on a {@code create}, counts as written: the document there is as new or newer.
 */
@FunctionalInterface
public interface ElasticsearchEmitter<T> extends Serializable {
    List<BulkOperation> emit(T element);
}
