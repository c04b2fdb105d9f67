package io.meterbridge.dsmr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.meterbridge.framing.Frame;

/** Telegrams whose CRC is right, judged against the meter's last accepted one (docs/DSMR.md). */
class TelegramReaderTest {

    private final TelegramReader reader = new TelegramReader(TelegramWriter.ZONE, true, false);

    private Validity read(byte[] telegram) {
        return reader.read(telegram, Frame.Status.COMPLETE).validity();
    }

    private static byte[] meter(String id, String time, String total) {
        return Telegrams.withCrc("0-0:96.1.1(" + id + ")", "0-0:1.0.0(" + time + "S)", "1-0:1.8.1(" + total + "*kWh)");
    }

    @Test
    void aTotalGoingBackwardsIsRejectedUnlessTheNextTelegramConfirmsTheMetersNewState() {
        assertThat(read(meter("4530", "240601120000", "001000.000"))).isEqualTo(Validity.VALID);
        // what a CRC collision looks like: a total lower than a second ago
        assertThat(read(meter("4530", "240601120001", "000100.000"))).isEqualTo(Validity.REJECTED);
        // the meter goes on as before: the collision never became the reference
        assertThat(read(meter("4530", "240601120002", "001000.001"))).isEqualTo(Validity.VALID);
        // a meter exchange: the first telegram of the new state is rejected, the one that follows it confirms it
        assertThat(read(meter("4530", "240601120003", "000000.010"))).isEqualTo(Validity.REJECTED);
        assertThat(read(meter("4530", "240601120004", "000000.011"))).isEqualTo(Validity.VALID);
        assertThat(read(meter("4530", "240601120005", "000000.012"))).isEqualTo(Validity.VALID);
    }

    /** A fleet through one reader: meters of one make share the identification line, each is judged on its own. */
    @Test
    void metersWithTheSameIdentificationLineAreJudgedApart() {
        for (int s = 0; s < 3; s++) {
            assertThat(read(meter("4530", "24060112000" + s, "001000.00" + s))).isEqualTo(Validity.VALID);
            assertThat(read(meter("4531", "24060112000" + s, "000020.00" + s))).isEqualTo(Validity.VALID);
        }
    }

    /** Without a clock nothing says how far a meter may have moved on: its telegrams are delivered, not judged. */
    @Test
    void aMeterWithoutAClockIsNotJudged() {
        for (String total : new String[] { "001000.000", "001000.001", "000999.000" }) {
            assertThat(read(Telegrams.withCrc("1-0:1.8.1(" + total + "*kWh)"))).isEqualTo(Validity.VALID);
        }
    }

    /**
     * A line '!XXXX' ended by a lone CR, with the end marker further on in the same line: the repair of a CRC digit
     * turned into '!' does not apply (it used to index past the digits and throw).
     */
    @Test
    void anEndMarkerPastACrcLikeLineIsJudgedNotThrown() {
        assertThat(read(meter("4530", "240601120000", "001000.000"))).isEqualTo(Validity.VALID);
        byte[] frame = ("/TST5\\2TEST-1\r\n\r\n0-0:96.1.1(4530)\r\n0-0:1.0.0(240601120001S)\r\n1-0:1.8.1(001000.001*kWh)\r\n"
                + "!ABCD\rxx!1234\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(read(frame)).isEqualTo(Validity.REJECTED);
    }
}
