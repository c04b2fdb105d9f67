package io.meterbridge.dsmr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;

/** The shipped demo capture is exactly what DemoCapture writes, so anyone can regenerate and change it. */
class DemoCaptureTest {

    @Test
    void shippedCaptureIsReproducible() throws Exception {
        assertThat(Files.readAllBytes(DemoCapture.FILE)).isEqualTo(DemoCapture.generate());
    }
}
