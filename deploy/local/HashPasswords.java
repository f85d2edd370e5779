import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.elasticsearch.common.settings.SecureString;
import org.elasticsearch.xpack.core.security.authc.support.Hasher;

/**
 * Prints the lines of an Elasticsearch file-realm {@code users} file, {@code USER:BCRYPT_HASH}, for arguments
 * {@code USER=PASSWORD_FILE}: run by deploy/local/stack on Elasticsearch's own classpath, so that the hashes are the
 * ones Elasticsearch checks and no password is ever a command line argument.
 */
public class HashPasswords {
    public static void main(String[] args) throws Exception {
        for (String arg : args) {
            int eq = arg.indexOf('=');
            char[] password = Files.readString(Path.of(arg.substring(eq + 1)), StandardCharsets.UTF_8).strip()
                    .toCharArray();
            try (SecureString secret = new SecureString(password)) {
                System.out.println(arg.substring(0, eq) + ":" + new String(Hasher.BCRYPT.hash(secret)));
            }
        }
    }
}
