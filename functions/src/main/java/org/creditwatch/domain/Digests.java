package org.creditwatch.domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256, where an identity or an audit trail rests on a digest: never a non-cryptographic hash, which distinct
 * ids can share.
 */
public final class Digests {
    private Digests() {}

    /** Lowercase hex SHA-256 of the UTF-8 text. */
    public static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * An id for a list of facts: 128 bits of SHA-256, in lowercase hex. Each part is digested with its length, so
     * that no two different lists read alike ("a|b", "c" and "a", "b|c" differ).
     */
    public static String id(String... parts) {
        MessageDigest sha = sha256();
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
            sha.update(bytes);
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
