package org.creditwatch.jobs;

import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The embedded Flink that the command line runs jobs on: a local MiniCluster with RocksDB state. */
public final class LocalFlink {
    private LocalFlink() {}

    /** RocksDB state, no Kryo, and room for the job's slots when it runs embedded. */
    public static Configuration configuration(int parallelism) {
        Configuration config = new Configuration();
        config.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        config.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(512));
        config.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
        config.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        // State and records must never fall back to Kryo: savepoints have to survive upgrades.
        config.set(PipelineOptions.GENERIC_TYPES, false);
        config.set(PipelineOptions.OBJECT_REUSE, true);
        // Point reads (a key's state and its record buffer, for every record and, after a model change, for every
        // enterprise) must not open every file of a column family: right after a backfill the buffer's is spread over
        // many, and a re-score of a million enterprises spent 87 % of its time reading and uncompressing their index
        // blocks, evicted from the small block cache. Bloom filters skip the files without the key; partitioned
        // index and filter blocks are read a small part at a time.
        config.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
        config.set(RocksDBOptions.USE_PARTITIONED_INDEX_FILTERS, true);
        return config;
    }

    /**
     * For a bounded job (replay), which takes no checkpoint: its timers, one per key at most, live on the heap, where
     * registering one is a hash lookup instead of a RocksDB write. The live job keeps them in RocksDB: its retained
     * incremental checkpoints must restore them.
     */
    public static StreamExecutionEnvironment boundedEnvironment(int parallelism, Path rocksDbDir) {
        Configuration config = configuration(parallelism);
        config.set(RocksDBOptions.LOCAL_DIRECTORIES, rocksDbDir.toString());
        config.set(RocksDBOptions.TIMER_SERVICE_FACTORY, EmbeddedRocksDBStateBackend.PriorityQueueStateType.HEAP);
        return StreamExecutionEnvironment.createLocalEnvironment(parallelism, config);
    }
}
