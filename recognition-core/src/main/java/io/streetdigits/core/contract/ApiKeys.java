package io.streetdigits.core.contract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * How every HTTP API of ours takes an API key: as the header {@code X-API-Key} or as {@code Authorization: Bearer
 * <key>}, compared in constant time, so response times do not reveal how much of a key was right.
 */
public final class ApiKeys {

    public static final String HEADER = "X-API-Key";
    /** What a 401 tells the caller to do. */
    public static final String HOW_TO_SEND = "send your API key as the header " + HEADER
            + " or as Authorization: Bearer <key>";

    private static final String BEARER = "Bearer ";

    private ApiKeys() {
    }

    /** The key a request presents, or null when it presents none. */
    public static String presented(String apiKeyHeader, String authorizationHeader) {
        String key = apiKeyHeader;
        if ((key == null || key.isBlank()) && authorizationHeader != null && authorizationHeader.startsWith(BEARER)) {
            key = authorizationHeader.substring(BEARER.length());
        }
        return key == null || key.isBlank() ? null : key.strip();
    }

    public static boolean matches(String expected, String presented) {
        return expected != null && presented != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
