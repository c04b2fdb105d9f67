package io.meterbridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/**
 * docs/SECURITY.md: with no token configured (the default, also in the container image, which listens beyond
 * loopback) nothing can write, whatever a request presents; so opening the server never opens writes.
 */
class ApiTokensTest {

    @Test
    void withoutAConfiguredTokenEveryWriteIsRefused() {
        ApiTokens tokens = new ApiTokens();
        tokens.setTokens("unset");
        for (String presented : new String[] { null, "", "Bearer ", "Bearer unset", "Bearer anything-at-all-long-enough" }) {
            ApiException refused = catchThrowableOfType(ApiException.class, () -> tokens.writer(presented));
            assertThat(refused).as(presented).isNotNull();
            assertThat(refused.status()).isEqualTo(401);
        }
    }

    @Test
    void aReadTokenCannotWriteAndAWriteTokenCan() {
        ApiTokens tokens = new ApiTokens();
        tokens.setTokens("ann:read:read-token-0000000001, bob:write:write-token-000000001");
        assertThat(catchThrowableOfType(ApiException.class, () -> tokens.writer("Bearer read-token-0000000001")).status()).isEqualTo(403);
        assertThat(tokens.writer("Bearer write-token-000000001")).isEqualTo("bob");
    }
}
