package io.meterbridge.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A water meter read by camera with AI-on-the-edge-device, as routes/examples/mqtt-json-ai-on-the-edge.camel.yaml
 * reads it: reading {@code i} of a series a second apart, 1 litre more each time.
 */
public final class WaterMeter {

    private WaterMeter() {
    }

    public static byte[] reading(Instant start, int i) {
        return ("{\"value\":\"" + (100 + i / 1000.0) + "\",\"error\":\"no error\",\"timestamp\":\""
                + start.plusSeconds(i).toString().replace("Z", "+0000") + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
