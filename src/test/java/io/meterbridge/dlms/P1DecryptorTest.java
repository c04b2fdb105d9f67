package io.meterbridge.dlms;

import io.meterbridge.testing.TestCorpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.meterbridge.dsmr.TelegramWriter;

/**
 * Decryption of encrypted P1 frames: every frame of the shared corpus decrypts to its plaintext byte for byte,
 * with either provider; any single changed byte is rejected; wrong keys are named as such; replays flagged.
 */
class P1DecryptorTest {

    private static final Path CORPUS = TestCorpus.of("dsmr");
    private static final byte[] KEY = HexFormat.of().parseHex("0123456789ABCDEF0123456789ABCDEF");
    private static final byte[] AUTH = HexFormat.of().parseHex(P1Decryptor.LUXEMBOURG_AUTHENTICATION_KEY);

    private final CamelContext camel = new DefaultCamelContext();

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    private record Sample(byte[] frame, Map<String, String> keys, byte[] plain) {
    }

    private static Sample sample(String name) throws IOException {
        Path hex = CORPUS.resolve(name + ".hex");
        Properties keys = new Properties();
        try (var in = Files.newBufferedReader(CORPUS.resolve(name + ".key"))) {
            keys.load(in);
        }
        return new Sample(HexFormat.of().parseHex(Files.readString(hex).trim()),
                Map.of("key", keys.getProperty("encryption_key"), "auth", keys.getProperty("authentication_key")),
                Files.readAllBytes(CORPUS.resolve(name + ".plain.txt")));
    }

    private static P1Decryptor decryptor(String key, String auth, String provider) {
        P1Decryptor d = new P1Decryptor();
        d.setSecretKey(key);
        d.setAuthKey(auth.startsWith("(none") ? "none" : auth);
        d.setProvider(provider);
        return d;
    }

    /** A decryptor with the test key and Luxembourg's authentication key. */
    private static P1Decryptor luxembourg(String provider) {
        return decryptor(HexFormat.of().formatHex(KEY), P1Decryptor.LUXEMBOURG_AUTHENTICATION_KEY, provider);
    }

    private byte[] run(P1Decryptor d, byte[] frame) throws Exception {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(frame);
        d.process(exchange);
        return exchange.getMessage().getBody(byte[].class);
    }

    @ParameterizedTest
    @CsvSource({ "athombv-node-dsmr-parser/lux_spec_example_encrypted_with_aad,jdk",
            "athombv-node-dsmr-parser/lux_spec_example_encrypted_with_aad,bouncycastle",
            "athombv-node-dsmr-parser/lux_spec_example_encrypted_without_aad,jdk",
            "athombv-node-dsmr-parser/lux_spec_example_encrypted_without_aad,bouncycastle",
            "esphome-libs-dsmr_parser/encrypted_packet_sagemcom_t210,jdk",
            "esphome-libs-dsmr_parser/encrypted_packet_sagemcom_t210,bouncycastle" })
    void corpusFramesDecryptByteForByteAndAnyChangedByteIsRejected(String name, String provider) throws Exception {
        Sample s = sample(name);
        P1Decryptor d = decryptor(s.keys().get("key"), s.keys().get("auth"), provider);
        assertThat(run(d, s.frame())).isEqualTo(s.plain());
        for (int i = 0; i < s.frame().length; i++) {
            byte[] damaged = s.frame().clone();
            damaged[i] ^= 0x5A;
            int position = i;
            assertThatThrownBy(() -> run(d, damaged)).as("byte %d changed", position).isInstanceOf(DecryptionException.class);
        }
        assertThat(d.failed()).isEqualTo(s.frame().length);
    }

    /**
     * Austrian meters: a one-byte length (81 ll) and security byte 0x20, encrypted without a tag. Refused unless
     * explicitly accepted, as nothing proves who wrote them; accepted, they decrypt.
     */
    @ParameterizedTest
    @ValueSource(strings = { "jdk", "bouncycastle" })
    void shortLengthFormAndEncryptionOnlyFrames(String provider) throws Exception {
        byte[] plain = "/KFM5KAIFA-METER\r\n\r\n1-0:1.8.1(000671.578*kWh)\r\n1-0:1.7.0(00.318*kW)\r\n!1E1D\r\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] frame = unauthenticatedFrame(plain, 7);
        P1Decryptor d = luxembourg(provider);
        assertThatThrownBy(() -> run(d, frame)).isInstanceOf(DecryptionException.class)
                .hasMessageContaining("without authentication tag (security control 0x20) refused");
        assertThat(d.unauthenticated()).isEqualTo(1);
        assertThat(d.decrypted()).isZero();
        d.setAcceptUnauthenticated(true);
        assertThat(run(d, frame)).isEqualTo(plain);
    }

    /** A frame as an Austrian meter sends it: 81 ll, security byte 0x20, GCM's keystream without a tag. */
    private static byte[] unauthenticatedFrame(byte[] plain, int counter) throws Exception {
        byte[] iv = new byte[16];
        System.arraycopy(DlmsFrameWriter.SYSTEM_TITLE, 0, iv, 0, 8);
        iv[11] = (byte) counter;
        iv[15] = 2; // GCM's keystream starts at counter 2
        javax.crypto.Cipher ctr = javax.crypto.Cipher.getInstance("AES/CTR/NoPadding");
        ctr.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(KEY, "AES"),
                new javax.crypto.spec.IvParameterSpec(iv));
        byte[] cipher = ctr.doFinal(plain);
        java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream();
        frame.write(0xDB);
        frame.write(8);
        frame.writeBytes(DlmsFrameWriter.SYSTEM_TITLE);
        frame.write(0x81);
        frame.write(5 + cipher.length);
        frame.write(0x20);
        frame.writeBytes(new byte[] { 0, 0, 0, (byte) counter });
        frame.writeBytes(cipher);
        return frame.toByteArray();
    }

    /**
     * What an attacker on the P1 line can make of captured frames without the key: none of it is delivered.
     * The 0x20 forgery is the one that worked before: counter mode lets flipped ciphertext bits flip the same
     * plaintext bits, so a captured 0x30 frame rewritten to 0x20 with its tag cut off carries any value chosen.
     */
    @Test
    void forgedFramesAreRefused() throws Exception {
        DlmsFrameWriter writer = new DlmsFrameWriter(KEY, AUTH, 50);
        TelegramWriter meter = new TelegramWriter(1);
        byte[] captured = writer.next(meter.next(Instant.parse("2024-01-01T00:00:00Z")));
        byte[] other = writer.next(meter.next(Instant.parse("2024-01-01T00:00:01Z")));
        P1Decryptor d = luxembourg("jdk");
        int value = DlmsFrameWriter.SECURITY_CONTROL + 5 + 40; // a digit of a value in the ciphertext

        byte[] flipped = captured.clone();
        flipped[value] ^= 0x01;
        byte[] downgraded = DlmsFrameWriter.withoutTag(captured);
        downgraded[value] ^= 0x01; // the value, rewritten
        byte[] truncatedTag = DlmsFrameWriter.cut(captured, 4);
        byte[] swappedTag = captured.clone();
        System.arraycopy(other, other.length - DlmsFrame.TAG_LENGTH, swappedTag, swappedTag.length - DlmsFrame.TAG_LENGTH,
                DlmsFrame.TAG_LENGTH);

        for (byte[] forged : java.util.List.of(flipped, downgraded, truncatedTag, swappedTag)) {
            assertThatThrownBy(() -> run(d, forged)).isInstanceOf(DecryptionException.class);
        }
        assertThat(d.decrypted()).isZero();
        assertThat(d.unauthenticated()).isEqualTo(1);
        assertThat(run(d, captured)).startsWith('/');
    }

    /** The last counter is kept on disk: a frame captured before a restart is still a replay after it. */
    @Test
    void aFrameReplayedAfterARestartIsRefused(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        DlmsFrameWriter writer = new DlmsFrameWriter(KEY, AUTH, 100);
        TelegramWriter meter = new TelegramWriter(1);
        byte[] first = writer.next(meter.next(Instant.parse("2024-01-01T00:00:00Z")));
        byte[] second = writer.next(meter.next(Instant.parse("2024-01-01T00:00:01Z")));
        byte[] third = writer.next(meter.next(Instant.parse("2024-01-01T00:00:02Z")));
        Path counters = dir.resolve("p1/frame-counters.properties");
        P1Decryptor before = luxembourg("jdk");
        before.setCounterFile(counters.toString());
        run(before, first);
        run(before, second);

        P1Decryptor after = luxembourg("jdk");
        after.setCounterFile(counters.toString());
        assertThatThrownBy(() -> run(after, first)).hasMessageContaining("replayed");
        assertThatThrownBy(() -> run(after, second)).hasMessageContaining("replayed");
        assertThat(after.replays()).isEqualTo(2);
        assertThat(run(after, third)).startsWith('/');
        assertThat(Files.readString(counters)).contains(HexFormat.of().formatHex(DlmsFrameWriter.SYSTEM_TITLE) + "=102");
    }

    @Test
    void aWrongKeyIsNamedAndNeverEchoed() throws Exception {
        byte[] frame = new DlmsFrameWriter(KEY, AUTH, 1).next(new TelegramWriter(1).next(Instant.parse("2024-01-01T00:00:00Z")));
        String wrong = "FFEEDDCCBBAA99887766554433221100";
        assertThatThrownBy(() -> run(decryptor(wrong, P1Decryptor.LUXEMBOURG_AUTHENTICATION_KEY, "jdk"), frame))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("wrong decryption key")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContainIgnoringCase(wrong).doesNotContainIgnoringCase("0123456789ABCDEF"));
        assertThatThrownBy(() -> run(decryptor("0123456789ABCDEF0123456789ABCDEF", wrong, "jdk"), frame))
                .hasMessageContaining("wrong authentication key");
        // after a good frame, a failure is a damaged frame, not a key problem
    }

    @Test
    void aDamagedFrameAfterGoodOnesIsNamedAsSuch() throws Exception {
        DlmsFrameWriter writer = new DlmsFrameWriter(KEY, AUTH, 1);
        TelegramWriter meter = new TelegramWriter(1);
        P1Decryptor d = luxembourg("jdk");
        run(d, writer.next(meter.next(Instant.parse("2024-01-01T00:00:00Z"))));
        byte[] damaged = writer.next(meter.next(Instant.parse("2024-01-01T00:00:01Z")));
        damaged[400] ^= 1;
        assertThatThrownBy(() -> run(d, damaged)).hasMessageContaining("frame damaged");
        assertThat(d.failed()).isEqualTo(1);
        assertThat(d.decrypted()).isEqualTo(1);
    }

    @Test
    void aFrameCounterThatGoesBackIsRejectedOrFlagged() throws Exception {
        DlmsFrameWriter writer = new DlmsFrameWriter(KEY, AUTH, 100);
        TelegramWriter meter = new TelegramWriter(1);
        byte[] first = writer.next(meter.next(Instant.parse("2024-01-01T00:00:00Z")));
        byte[] second = writer.next(meter.next(Instant.parse("2024-01-01T00:00:01Z")));
        P1Decryptor d = luxembourg("jdk");
        run(d, first);
        run(d, second);
        assertThatThrownBy(() -> run(d, first)).hasMessageContaining("replayed");
        assertThatThrownBy(() -> run(d, second)).hasMessageContaining("replayed");
        assertThat(d.replays()).isEqualTo(2);
        d.setRejectReplays(false);
        Exchange replay = new DefaultExchange(camel);
        replay.getMessage().setBody(first);
        d.process(replay);
        assertThat(replay.getMessage().getHeader(P1Decryptor.REPLAYED, Boolean.class)).isTrue();
        assertThat(d.replays()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = { "0123", "0123456789ABCDEF0123456789ABCDEZ", "" })
    void badKeysFailAtConfigurationWithoutEchoingThem(String key) {
        assertThatThrownBy(() -> new P1Decryptor().setSecretKey(key)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("secretKey must be 32 hex digits")
                .satisfies(e -> {
                    if (!key.isEmpty()) {
                        assertThat(e.getMessage()).doesNotContain(key);
                    }
                });
    }

    @Test
    void truncatedAndHostileFramesAreRejectedCleanly() throws Exception {
        byte[] frame = new DlmsFrameWriter(KEY, AUTH, 1).next(new TelegramWriter(1).next(Instant.parse("2024-01-01T00:00:00Z")));
        P1Decryptor d = luxembourg("jdk");
        for (int cut = 0; cut < frame.length; cut += 7) {
            byte[] part = java.util.Arrays.copyOf(frame, cut);
            assertThatThrownBy(() -> run(d, part)).isInstanceOf(DecryptionException.class);
        }
        java.util.Random random = new java.util.Random(4);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[random.nextInt(3000)];
            random.nextBytes(junk);
            if (junk.length > 1) {
                junk[0] = (byte) 0xDB;
                junk[1] = 8;
            }
            assertThatThrownBy(() -> run(d, junk)).isInstanceOf(DecryptionException.class);
        }
        assertThat(d.decrypted()).isZero();
    }

    /**
     * Several meters, each with its own keys, from a key file: each meter's frames decrypt with its own keys; a meter
     * the file does not list is refused naming its system title; a meter added to the file is read without a restart;
     * no key appears in any message.
     */
    @Test
    void eachMeterItsOwnKeysFromAKeyFileReadAgainWhenItChanges(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        byte[] keyA = HexFormat.of().parseHex("000102030405060708090A0B0C0D0E0F");
        byte[] keyB = HexFormat.of().parseHex("F0E0D0C0B0A090807060504030201000");
        byte[] authB = HexFormat.of().parseHex("AABBCCDDEEFF00112233445566778899");
        byte[] titleA = "SAG00001".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] titleB = "KFM00002".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] titleC = "ISK00003".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] plain = "/ISK5\\2M550T-1012\r\n\r\n1-0:1.8.1(000671.578*kWh)\r\n!1E1D\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Path file = dir.resolve("p1-keys");
        Files.writeString(file, "# home A uses Luxembourg's authentication key\n"
                + HexFormat.of().formatHex(titleA) + " = " + HexFormat.of().formatHex(keyA) + "\n"
                + HexFormat.of().formatHex(titleB) + " = " + HexFormat.of().formatHex(keyB) + "," + HexFormat.of().formatHex(authB) + "\n");
        P1Decryptor d = new P1Decryptor();
        d.setKeysFile(file.toString());
        assertThat(run(d, new DlmsFrameWriter(titleA, keyA, AUTH, 1).next(plain))).isEqualTo(plain);
        assertThat(run(d, new DlmsFrameWriter(titleB, keyB, authB, 1).next(plain))).isEqualTo(plain);
        // B's key for A's frames: refused like any wrong key
        assertThatThrownBy(() -> run(d, new DlmsFrameWriter(titleA, keyB, AUTH, 5).next(plain))).isInstanceOf(DecryptionException.class);
        byte[] fromC = new DlmsFrameWriter(titleC, keyA, AUTH, 1).next(plain);
        assertThatThrownBy(() -> run(d, fromC)).isInstanceOf(DecryptionException.class)
                .hasMessageContaining("no key for system title " + HexFormat.of().formatHex(titleC));
        // C added while running: read again
        Files.writeString(file, HexFormat.of().formatHex(titleC) + " = " + HexFormat.of().formatHex(keyA) + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 2000));
        assertThat(run(d, fromC)).isEqualTo(plain);
        // a wrong line names the line and the title, never the key
        Files.writeString(dir.resolve("bad"), HexFormat.of().formatHex(titleA) + " = ABCDEF\n");
        assertThatThrownBy(() -> new P1Decryptor().setKeysFile(dir.resolve("bad").toString()))
                .hasMessageContaining("line 1").hasMessageContaining("32 hex digits").hasMessageNotContaining("ABCDEF");
    }
}
