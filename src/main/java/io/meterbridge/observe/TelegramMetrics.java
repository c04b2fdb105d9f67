package io.meterbridge.observe;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import io.meterbridge.dlms.P1Decryptor;
import io.meterbridge.dsmr.DsmrConstants;
import io.meterbridge.dsmr.Validity;

/**
 * P1 telegram and frame counts for /observe/metrics: {@code meterbridge_telegrams_total{validity}} (valid,
 * corrected, unchecked, accepted_invalid, rejected), {@code meterbridge_crc_errors_total} (telegrams whose CRC did
 * not match as they arrived: corrected, accepted invalid, or rejected for it), and the encrypted-P1 decryptor's
 * {@code meterbridge_decrypt_frames_total{outcome}} (decrypted, failed, replay, unauthenticated). Fed by the telegram-log route.
 */
public class TelegramMetrics implements CamelContextAware {

    private final Map<String, AtomicLong> telegrams = new ConcurrentHashMap<>();
    private final AtomicLong crcErrors = new AtomicLong();
    private CamelContext camelContext;
    private P1Decryptor decryptor;
    private boolean started;

    /** Every telegram's outcome, as the telegram-log route sees it. */
    public void telegram(Exchange exchange) {
        String validity = exchange.getMessage().getHeader(DsmrConstants.VALIDITY, String.class);
        if (validity == null) {
            return;
        }
        counter(validity).incrementAndGet();
        String reason = exchange.getMessage().getHeader(DsmrConstants.REASON, "", String.class);
        if (validity.equals(Validity.CORRECTED.label()) || validity.equals(Validity.ACCEPTED_INVALID.label())
                || validity.equals(Validity.REJECTED.label()) && reason.toUpperCase(Locale.ROOT).contains("CRC")) {
            crcErrors.incrementAndGet();
        }
    }

    private AtomicLong counter(String validity) {
        return telegrams.computeIfAbsent(validity, v -> {
            AtomicLong count = new AtomicLong();
            MeterRegistry registry = Metrics.registry(camelContext);
            if (registry != null) {
                FunctionCounter.builder("meterbridge.telegrams", count, AtomicLong::get).tag("validity", v)
                        .description("P1 telegrams by what their check concluded").register(registry);
            }
            return count;
        });
    }

    /** Registers the counters that exist from the start, once the metrics registry is there. */
    public synchronized void start() {
        MeterRegistry registry = Metrics.registry(camelContext);
        if (registry == null || started) {
            return;
        }
        started = true;
        for (Validity v : Validity.values()) {
            counter(v.label());
        }
        FunctionCounter.builder("meterbridge.crc.errors", crcErrors, AtomicLong::get)
                .description("P1 telegrams whose CRC did not match as they arrived").register(registry);
        if (decryptor != null) {
            decrypt(registry, "decrypted", decryptor, P1Decryptor::decrypted);
            decrypt(registry, "failed", decryptor, P1Decryptor::failed);
            decrypt(registry, "replay", decryptor, P1Decryptor::replays);
            decrypt(registry, "unauthenticated", decryptor, P1Decryptor::unauthenticated);
        }
    }

    private static void decrypt(MeterRegistry registry, String outcome, P1Decryptor d, java.util.function.ToDoubleFunction<P1Decryptor> f) {
        FunctionCounter.builder("meterbridge.decrypt.frames", d, f).tag("outcome", outcome)
                .description("Encrypted P1 frames: decrypted, failed (key, tag or damage), replays, unauthenticated (refused)").register(registry);
    }

    /** The encrypted-P1 decryptor whose counts to publish. */
    public void setDecryptor(P1Decryptor decryptor) {
        this.decryptor = decryptor;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        if (this.camelContext == camelContext) {
            return; // Camel may hand the context over twice
        }
        this.camelContext = camelContext;
        try {
            camelContext.addStartupListener((context, alreadyStarted) -> start());
        } catch (Exception e) {
            throw org.apache.camel.RuntimeCamelException.wrapRuntimeException(e);
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
