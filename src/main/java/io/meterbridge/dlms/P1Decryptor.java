package io.meterbridge.dlms;

import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decrypts an encrypted P1 frame into the plaintext telegram for the {@code dsmr} data format. AES-128-GCM with
 * IV = system title ‖ frame counter and AAD = security control byte ‖ authentication key; the tag is always
 * verified on authenticated frames, and nothing of a frame whose tag fails goes on. A failure says what is
 * likely wrong: the encryption key (no frame has decrypted yet), the authentication key (the text decrypts but
 * the tag does not verify), or the frame (damaged after frames that decrypted). Frames without a tag (security
 * control 0x20) are refused unless explicitly accepted: without its tag, GCM is plain counter mode, and anyone who
 * captured one frame can rewrite its values by flipping ciphertext bits. The frame counter must rise per system
 * title; the last one is kept in {@code counterFile}, so a frame replayed after a restart is refused too. Keys
 * never appear in logs, exceptions or headers.
 */
public class P1Decryptor implements Processor {

    /** The authentication key every Luxembourg Smarty meter uses unless the operator set another. */
    public static final String LUXEMBOURG_AUTHENTICATION_KEY = "00112233445566778899AABBCCDDEEFF";
    public static final String SYSTEM_TITLE = "MeterbridgeSystemTitle";
    public static final String FRAME_COUNTER = "MeterbridgeFrameCounter";
    public static final String REPLAYED = "MeterbridgeReplayed";

    private static final Logger LOG = LoggerFactory.getLogger(P1Decryptor.class);
    /** One warning per cause per interval, so a wrong key does not write a line a second. */
    private static final long WARN_INTERVAL_MILLIS = 60_000;

    private byte[] secretKey;
    private byte[] authKey = HexFormat.of().parseHex(LUXEMBOURG_AUTHENTICATION_KEY);
    private String provider = "jdk";
    private boolean rejectReplays = true;
    private boolean acceptUnauthenticated;
    private Gcm gcm;
    /** With a key file: each meter's keys, and a cipher per system title and key (a changed key makes a new one). */
    private MeterKeys meterKeys;
    private final Map<String, Gcm> gcms = new HashMap<>();
    /** The meters a frame has decrypted from: a tag failing after that is damage, not a wrong key. */
    private final java.util.Set<String> decryptedFrom = new java.util.HashSet<>();
    private FrameCounters counters = new FrameCounters(null);
    private final Map<String, Long> lastWarned = new HashMap<>();
    private final AtomicLong decrypted = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong replays = new AtomicLong();
    private final AtomicLong unauthenticated = new AtomicLong();

    @Override
    public void process(Exchange exchange) throws Exception {
        byte[] bytes = exchange.getMessage().getMandatoryBody(byte[].class);
        DlmsFrame frame;
        byte[] plain;
        boolean replayed;
        synchronized (this) {
            frame = parse(bytes);
            refuseUnauthenticated(frame);
            plain = decrypt(frame);
            replayed = checkCounter(frame);
        }
        exchange.getMessage().setHeader(SYSTEM_TITLE, frame.systemTitleHex());
        exchange.getMessage().setHeader(FRAME_COUNTER, frame.frameCounter());
        exchange.getMessage().setHeader(REPLAYED, replayed);
        exchange.getMessage().setBody(plain);
    }

    /** The plaintext of one frame, without the frame counter check: for the decode command and benchmarks. */
    public synchronized byte[] decrypt(byte[] bytes) throws DecryptionException {
        return decrypt(parse(bytes));
    }

    private DlmsFrame parse(byte[] bytes) throws DecryptionException {
        try {
            return DlmsFrame.parse(bytes);
        } catch (DecryptionException e) {
            failed(e);
            throw e;
        }
    }

    private void refuseUnauthenticated(DlmsFrame frame) throws DecryptionException {
        if (!frame.authenticated() && !acceptUnauthenticated) {
            unauthenticated.incrementAndGet();
            DecryptionException refused = new DecryptionException("frame without authentication tag (security control 0x20) "
                    + "refused: anyone who captured a frame could forge its values; set acceptUnauthenticated=true only for a "
                    + "meter known to send no other kind (system title " + frame.systemTitleHex() + ", frame counter "
                    + frame.frameCounter() + ")");
            warn(refused.getMessage());
            throw refused;
        }
    }

    private void failed(DecryptionException e) {
        failed.incrementAndGet();
        warn(e.getMessage());
    }

    private byte[] decrypt(DlmsFrame frame) throws DecryptionException {
        byte[] auth = authKey;
        if (meterKeys != null) {
            MeterKeys.Keys keys = meterKeys.of(frame.systemTitleHex());
            if (keys == null) {
                DecryptionException failure = new DecryptionException("no key for system title " + frame.systemTitleHex()
                        + " in p1.keys-file (frame counter " + frame.frameCounter() + ")");
                failed(failure);
                throw failure;
            }
            gcm = gcms.computeIfAbsent(frame.systemTitleHex() + HexFormat.of().formatHex(keys.secret()), k -> Gcm.create(provider, keys.secret()));
            auth = keys.auth() != null ? keys.auth() : authKey;
        } else if (gcm == null) {
            if (secretKey == null) {
                DecryptionException failure = new DecryptionException("no decryption key configured: set P1_SECRET_KEY, P1_SECRET_KEY_FILE or p1.keys-file");
                failed(failure);
                throw failure;
            }
            gcm = Gcm.create(provider, secretKey);
        }
        byte[] aad = auth == null ? new byte[0] : aad(frame.securityControl(), auth);
        try {
            byte[] plain = gcm.decrypt(frame.iv(), aad, frame.bytes(), frame.cipherOffset(), frame.cipherLength(),
                    frame.authenticated() ? DlmsFrame.TAG_LENGTH : 0);
            decryptedFrom.add(frame.systemTitleHex());
            decrypted.incrementAndGet();
            return plain;
        } catch (GeneralSecurityException e) {
            DecryptionException failure = new DecryptionException(diagnose(frame));
            failed(failure);
            throw failure;
        }
    }

    private static byte[] aad(int securityControl, byte[] authKey) {
        byte[] aad = new byte[1 + authKey.length];
        aad[0] = (byte) securityControl;
        System.arraycopy(authKey, 0, aad, 1, authKey.length);
        return aad;
    }

    /** Tells the likely causes apart by looking at the unverified start of the text, which then goes nowhere. */
    private String diagnose(DlmsFrame frame) {
        boolean looksLikeTelegram;
        try {
            byte[] start = gcm.peek(frame.iv(), frame.bytes(), frame.cipherOffset(), Math.min(16, frame.cipherLength()));
            looksLikeTelegram = start[0] == '/' && printable(start);
        } catch (GeneralSecurityException e) {
            looksLikeTelegram = false;
        }
        String title = " (system title " + frame.systemTitleHex() + ", frame counter " + frame.frameCounter() + ")";
        if (decryptedFrom.contains(frame.systemTitleHex())) {
            return "tag does not verify although earlier frames did with these keys: frame damaged on the way" + title;
        }
        if (looksLikeTelegram) {
            return "tag does not verify but the text decrypts: most likely a wrong authentication key (authKey)" + title;
        }
        return "does not decrypt and no frame has yet: most likely a wrong decryption key (secretKey)" + title;
    }

    private static boolean printable(byte[] text) {
        for (byte b : text) {
            if ((b < 0x20 || b > 0x7E) && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    /** Frame counters only go up; one that does not is a replayed or re-sent frame. */
    private boolean checkCounter(DlmsFrame frame) throws DecryptionException {
        Long last = counters.last(frame.systemTitleHex());
        boolean replay = last != null && frame.frameCounter() <= last;
        if (replay) {
            replays.incrementAndGet();
            String message = "frame counter " + frame.frameCounter() + " is not above the last one, " + last
                    + ": a replayed or re-sent frame (system title " + frame.systemTitleHex() + ")";
            if (rejectReplays) {
                DecryptionException failure = new DecryptionException(message);
                failed(failure);
                throw failure;
            }
            warn(message);
        } else {
            counters.advance(frame.systemTitleHex(), frame.frameCounter());
        }
        return replay;
    }

    private void warn(String message) {
        String cause = message.substring(0, Math.min(30, message.length()));
        long now = System.currentTimeMillis();
        Long last = lastWarned.get(cause);
        if (last == null || now - last > WARN_INTERVAL_MILLIS) {
            lastWarned.put(cause, now);
            LOG.warn("Encrypted P1 frame rejected: {} ({} failed, {} decrypted so far; repeats of this cause are counted, "
                    + "logged again after a minute)", message, failed.get(), decrypted.get());
        }
    }

    /** Stands for "no key configured" in application.properties, where an empty value is not allowed. */
    public static final String UNSET = "unset";

    /** The 16-byte decryption key (the "GUEK" the operator gives), as 32 hex digits; "unset" for none. */
    public void setSecretKey(String hex) {
        this.secretKey = UNSET.equals(hex) ? null : key(hex, "secretKey");
        this.gcm = null;
    }

    /**
     * The keys of many meters (a central decryptor, or a home with several meters), by system title, from a file read
     * again when it changes; a frame from a meter the file does not list is refused, naming its system title.
     */
    public synchronized void setKeysFile(String file) {
        this.meterKeys = new MeterKeys(java.nio.file.Path.of(file));
        this.gcms.clear();
    }

    /** Reads the decryption key from a file (a Docker or Kubernetes secret); "unset" for none. */
    public void setSecretKeyFile(String file) throws java.io.IOException {
        if (!UNSET.equals(file)) {
            setSecretKey(java.nio.file.Files.readString(java.nio.file.Path.of(file)).trim());
        }
    }

    /** The 16-byte authentication key as 32 hex digits, or "none" for frames authenticated without AAD. */
    public void setAuthKey(String hex) {
        this.authKey = "none".equalsIgnoreCase(hex.trim()) ? null : key(hex, "authKey");
    }

    /** jdk (measured fastest, see docs/BENCHMARKS.md) or bouncycastle. */
    public void setProvider(String provider) {
        Gcm.create(provider, new byte[16]); // fail now on a typo
        this.provider = provider;
        this.gcm = null;
    }

    /** Reject frames whose counter does not increase (the default); false delivers them flagged. */
    public void setRejectReplays(boolean rejectReplays) {
        this.rejectReplays = rejectReplays;
    }

    /** Accept frames without an authentication tag (0x20), for a meter known to send only those; warns at start. */
    public void setAcceptUnauthenticated(boolean accept) {
        this.acceptUnauthenticated = accept;
        if (accept) {
            LOG.warn("Encrypted P1: frames without an authentication tag (security control 0x20) are accepted "
                    + "(acceptUnauthenticated=true): anyone who can reach the P1 line can forge their values");
        }
    }

    /** Where the last frame counter of each system title is kept across restarts; "unset" keeps it in memory only. */
    public synchronized void setCounterFile(String file) {
        this.counters = new FrameCounters(UNSET.equals(file) ? null : java.nio.file.Path.of(file));
    }

    public long decrypted() {
        return decrypted.get();
    }

    public long failed() {
        return failed.get();
    }

    public long replays() {
        return replays.get();
    }

    public long unauthenticated() {
        return unauthenticated.get();
    }

    /** Never echoes the value: only what is wrong with it. */
    private static byte[] key(String hex, String name) {
        String digits = hex == null ? "" : hex.replace(" ", "").replace(":", "").trim();
        if (digits.length() != 32 || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException(name + " must be 32 hex digits (16 bytes); the value given has "
                    + digits.length() + " characters" + (digits.length() == 32 ? " that are not all hex digits" : ""));
        }
        return HexFormat.of().parseHex(digits);
    }

    @Override
    public String toString() {
        return "P1Decryptor[provider=" + provider + ", keys hidden]";
    }
}
