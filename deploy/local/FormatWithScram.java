import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Formats a KRaft broker's storage with SCRAM users: {@code MECHANISM SERVER_PROPERTIES CLUSTER_ID USER=PASSWORD_FILE...}.
 * Runs Kafka's StorageTool in this JVM, on the broker's classpath, so that the passwords (read from their files)
 * never appear in a process list, as they would in {@code kafka-storage format --add-scram}'s arguments.
 */
public class FormatWithScram {
    public static void main(String[] args) throws Exception {
        List<String> format = new ArrayList<>(List.of("format", "--standalone", "--ignore-formatted",
                "-t", args[2], "-c", args[1]));
        for (int i = 3; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            String password = Files.readString(Path.of(args[i].substring(eq + 1)), StandardCharsets.UTF_8).strip();
            format.add("--add-scram");
            format.add(args[0] + "=[name=" + args[i].substring(0, eq) + ",password=" + password + "]");
        }
        kafka.tools.StorageTool.main(format.toArray(String[]::new));
    }
}
