package io.meterbridge.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * The request/answer rules a device conversation relies on, with the device played by the send step (the EMU-2 and
 * meterman serial tests run them against simulators on socat ports).
 */
class RequestsTest {

    private final Requests<String, String> requests = new Requests<>();

    @Test
    void aRequestTheDeviceMissedIsSentAgainAndItsLateAnswerTaken() throws Exception {
        AtomicInteger sent = new AtomicInteger();
        String answer = requests.ask("Time", () -> {
            if (sent.incrementAndGet() == 2) {
                requests.answer("Other", "not this one"); // pushed on the device's own schedule
                requests.answer("Time", "12:00");
            }
        }, 50, 3, 10);
        assertThat(answer).isEqualTo("12:00");
        assertThat(sent).hasValue(2);
    }

    @Test
    void noAnswerAfterEveryAttemptIsNull() throws Exception {
        AtomicInteger sent = new AtomicInteger();
        assertThat(requests.ask("Time", sent::incrementAndGet, 20, 3, 0)).isNull();
        assertThat(sent).hasValue(3);
        assertThat(requests.answer("Time", "too late")).as("nothing waits any more").isFalse();
    }

    @Test
    void aRefusalFailsTheRequestAtOnce() {
        AtomicInteger sent = new AtomicInteger();
        assertThatThrownBy(() -> requests.ask("Time", () -> {
            sent.incrementAndGet();
            requests.refuseAll(new IllegalStateException("refused: unknown command"));
        }, 5_000, 3, 0)).hasMessage("refused: unknown command");
        assertThat(sent).hasValue(1);
    }
}
