package io.meterbridge.dsmr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

class Crc16ArcTest {

    /** The bit-by-bit definition: poly 0xA001 reflected, init 0, no final xor. */
    private static int reference(byte[] data, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= data[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
        }
        return crc;
    }

    @Test
    void checkValueOfTheCatalogue() {
        assertThat(Crc16Arc.compute("123456789".getBytes(StandardCharsets.US_ASCII), 0, 9)).isEqualTo(0xBB3D);
    }

    @Test
    void sliceByEightMatchesTheDefinitionForEveryLengthAndOffset() {
        Random random = new Random(3);
        byte[] data = new byte[300];
        random.nextBytes(data);
        for (int from = 0; from < 9; from++) {
            for (int to = from; to <= data.length; to++) {
                assertThat(Crc16Arc.compute(data, from, to)).isEqualTo(reference(data, from, to));
            }
        }
    }

    @Test
    void runningTheRegisterBackwardsUndoesAdvance() {
        for (int r = 0; r < 0x10000; r++) {
            assertThat(Crc16Arc.retreat(Crc16Arc.advance(r))).isEqualTo(r);
        }
    }
}
