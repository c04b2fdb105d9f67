package io.meterbridge.dlms;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.meterbridge.dsmr.TelegramRejectedException;
import io.meterbridge.testing.Hostile;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Encrypted P1 frames damaged and forged: each is decrypted or rejected with a reason, nothing else. */
class DlmsHostileInputTest {

    private static final byte[] KEY = HexFormat.of().parseHex("0123456789ABCDEF0123456789ABCDEF");
    private final P1Decryptor decryptor = new P1Decryptor();

    DlmsHostileInputTest() {
        decryptor.setSecretKey(HexFormat.of().formatHex(KEY));
        decryptor.setAuthKey(P1Decryptor.LUXEMBOURG_AUTHENTICATION_KEY);
        decryptor.setRejectReplays(false); // so damaged copies of one frame reach the tag check, not only the counter check
    }

    @Property(tries = 100_000)
    void everyFrameIsDecryptedOrRejectedWithAReason(@ForAll("frames") byte[] input) {
        Hostile.readOrRejected(input, TelegramRejectedException.class, () -> decryptor.decrypt(input));
    }

    @Provide
    Arbitrary<byte[]> frames() throws Exception {
        DlmsFrameWriter writer = new DlmsFrameWriter(KEY, HexFormat.of().parseHex(P1Decryptor.LUXEMBOURG_AUTHENTICATION_KEY), 1);
        List<byte[]> seeds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            seeds.add(writer.next(("/Lux5\\253833635_A\r\n\r\n1-0:1.8.0(00" + i + "123.456*kWh)\r\n!1234\r\n").getBytes(StandardCharsets.US_ASCII)));
        }
        seeds.add(DlmsFrameWriter.withoutTag(seeds.get(0)));
        return Hostile.from(seeds);
    }
}
