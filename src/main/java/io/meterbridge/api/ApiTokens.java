package io.meterbridge.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may use the API's write endpoints: {@code name:role:token} entries, comma separated, role {@code write} or
 * {@code read}, from the environment (METERBRIDGE_API_TOKENS), never from a file in the repository. A request
 * shows its token as {@code Authorization: Bearer <token>}; the name it maps to is the "who" of the audit trail.
 * Tokens are compared in constant time and never printed.
 */
public class ApiTokens {

    private record Token(String name, String role, byte[] secret) {
    }

    private final List<Token> tokens = new ArrayList<>();

    public void setTokens(String spec) {
        tokens.clear();
        if (spec == null || spec.isBlank() || spec.equals("unset")) {
            return;
        }
        for (String entry : spec.split(",")) {
            String[] parts = entry.strip().split(":", 3);
            if (parts.length != 3 || parts[0].isBlank() || !(parts[1].equals("read") || parts[1].equals("write")) || parts[2].length() < 16) {
                // the entry is not quoted back: it holds a token
                throw new IllegalArgumentException("API tokens must be name:read|write:token entries with tokens of 16 characters or more");
            }
            tokens.add(new Token(parts[0], parts[1], parts[2].getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** The name behind a request's Authorization header if it may write; 401 or 403 otherwise. */
    String writer(String authorization) {
        if (tokens.isEmpty()) {
            throw new ApiException(401, "writes need an API token, and none is configured (METERBRIDGE_API_TOKENS)");
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException(401, "writes need an API token: Authorization: Bearer <token>");
        }
        byte[] presented = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        Token match = null;
        for (Token t : tokens) {
            if (MessageDigest.isEqual(t.secret(), presented)) {
                match = t;
            }
        }
        if (match == null) {
            throw new ApiException(401, "the API token is not known");
        }
        if (!match.role().equals("write")) {
            throw new ApiException(403, "the API token of " + match.name() + " may read, not write");
        }
        return match.name();
    }
}
