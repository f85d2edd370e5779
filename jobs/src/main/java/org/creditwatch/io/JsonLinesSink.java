package org.creditwatch.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes one JSON line per element into {@code DIR/NAME-SUBTASK.part}, for a bounded job (replay) that a driver
 * merges once the job has finished. Not for unbounded jobs: it has no checkpoint or commit protocol.
 */
public final class JsonLinesSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final String directory;
    private final String name;
    private final OutputJson.Format<T> format;

    public JsonLinesSink(Path directory, String name, OutputJson.Format<T> format) {
        this.directory = directory.toString();
        this.name = name;
        this.format = format;
    }

    public static String partPrefix(String name) {
        return name + "-";
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        Path part = Paths.get(directory, partPrefix(name) + context.getTaskInfo().getIndexOfThisSubtask() + ".part");
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(part), 1 << 16);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) throws IOException {
                out.write(format.apply(element));
                out.write('\n');
            }

            @Override
            public void flush(boolean endOfInput) throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }
}
