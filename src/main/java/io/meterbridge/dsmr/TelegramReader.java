package io.meterbridge.dsmr;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import io.meterbridge.framing.Frame;

/**
 * Frame in, checked telegram out: parse, check the CRC, repair noise where a repair is proven, and say which of
 * {@link Validity} applies and why. Shared by the {@code dsmr} data format and the decode command.
 */
public final class TelegramReader {

    /** The outcome for one frame; the telegram is the repaired one when the validity is CORRECTED. */
    public record Result(Telegram telegram, Validity validity, String reason) {
    }

    /** Meters whose last good telegram is remembered for the corrector; a gateway rarely sees more than one. */
    private static final int REMEMBERED_METERS = 256;

    private final TelegramParser parser;
    private final Map<String, NoiseCorrector.Reference> references = remembered();
    /** Per meter, the last telegram whose CRC was right but that broke a rule, until the next one confirms or not. */
    private final Map<String, NoiseCorrector.Reference> unconfirmed = remembered();
    private final Plausibility rules = new Plausibility(Plausibility.DEFAULT_MAX_POWER_KW);
    private final NoiseCorrector corrector;
    private final boolean correct;
    private final boolean acceptInvalidCrc;

    /**
     * @param zone             the meter clock's zone, or null to take it from the dialect
     * @param correct          whether to attempt noise repair
     * @param acceptInvalidCrc deliver telegrams whose CRC fails and cannot be repaired (for meters known to
     *                         send a wrong CRC, and for checking captures); they are marked accepted_invalid
     */
    public TelegramReader(ZoneId zone, boolean correct, boolean acceptInvalidCrc) {
        this.parser = new TelegramParser(zone);
        this.corrector = new NoiseCorrector(parser, rules);
        this.correct = correct;
        this.acceptInvalidCrc = acceptInvalidCrc;
    }

    /** A telegram per meter, the least recently used one forgotten past {@link #REMEMBERED_METERS}. */
    private static Map<String, NoiseCorrector.Reference> remembered() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, NoiseCorrector.Reference> eldest) {
                return size() > REMEMBERED_METERS;
            }
        };
    }

    /** Not thread-safe in its memory of meters: the data format calls it from one route thread at a time. */
    public synchronized Result read(byte[] bytes, Frame.Status status) {
        if (status == Frame.Status.OVERSIZED) {
            return new Result(parser.parse(bytes), Validity.REJECTED, "longer than the frame limit; first "
                    + bytes.length + " bytes kept");
        }
        TelegramParser.Layout layout = TelegramParser.layout(bytes, 0, bytes.length);
        Telegram telegram = parser.parse(bytes, layout);
        // the layout, not the framer's status, decides: a frame cut at the next start may still hold a whole telegram
        boolean framed = layout.start() == 0 && layout.terminated();
        if (framed && telegram.crc.status() == CrcCheck.Status.VALID) {
            return checked(bytes, layout, telegram);
        }
        String problem;
        if (framed && telegram.crc.status() == CrcCheck.Status.ABSENT) {
            if (!sendsCrc(telegram.header) && !requiresCrc(telegram)) {
                if (telegram.electricity.isEmpty() && telegram.mbus.isEmpty()) {
                    // noise made a '!' right after the identification: nothing here a meter sent
                    return new Result(telegram, Validity.REJECTED, "no CRC and no values");
                }
                return new Result(telegram, Validity.UNCHECKED, "no CRC (DSMR 2.2/3)");
            }
            // a meter that sends CRCs sent none: noise made a '!' early (perhaps of its last CRC digit), or it was cut
            problem = "no CRC, but this meter sends one";
        } else {
            problem = !framed ? framingProblem(layout) : "CRC " + telegram.crc.given() + " but computed " + telegram.crc.computedHex();
        }
        NoiseCorrector.Reference reference = reference(meter(telegram));
        if (correct && reference == null) {
            problem += "; not repaired: no earlier telegram of this meter to prove a repair against";
        } else if (correct) {
            NoiseCorrector.Outcome outcome = corrector.correct(bytes, layout, reference);
            if (outcome.corrected()) {
                NoiseCorrector.Candidate repair = outcome.repair();
                remember(repair.bytes(), repair.layout(), repair.telegram());
                return new Result(repair.telegram(), Validity.CORRECTED, problem + "; " + outcome.description());
            }
            problem = outcome.description();
        }
        if (framed && acceptInvalidCrc) {
            return new Result(telegram, Validity.ACCEPTED_INVALID, problem);
        }
        return new Result(telegram, Validity.REJECTED, problem);
    }

    /**
     * A telegram whose CRC is right, against the meter's last accepted one: sixteen bits let one damaged telegram
     * in 65,536 through, and such a collision reads unlike the meter (a line that never changes changed, a total
     * went backwards, another layout). One that breaks a rule of {@link Plausibility} is rejected and never becomes
     * the reference, unless the next telegram follows it by every rule: then the meter really changed (summer
     * time ended, a new message, a meter exchange) and that next telegram is accepted as its new state. A meter
     * without a clock in its telegrams is not judged.
     */
    private Result checked(byte[] bytes, TelegramParser.Layout layout, Telegram telegram) {
        NoiseCorrector.Reference reference = references.get(meter(telegram));
        // without a clock nothing says how far a meter may have moved on: such a meter's telegrams are not judged
        String implausible = reference == null || telegram.meterTime == null ? null
                : reference.refuses(bytes, layout, telegram, rules);
        NoiseCorrector.Reference held = unconfirmed.remove(meter(telegram));
        if (implausible != null && held != null && held.refuses(bytes, layout, telegram, rules) == null) {
            remember(bytes, layout, telegram);
            return new Result(telegram, Validity.VALID, "follows the telegram before it, which changed what this meter "
                    + "sends (" + implausible + "): taken as the meter's new state");
        }
        if (implausible == null) {
            remember(bytes, layout, telegram);
            return new Result(telegram, Validity.VALID, null);
        }
        unconfirmed.put(meter(telegram), new NoiseCorrector.Reference(bytes, layout, telegram));
        return new Result(telegram, Validity.REJECTED, "CRC right, but " + implausible + " after the meter's last accepted "
                + "telegram: a CRC collision is likelier (should the next telegram follow it, the meter really changed)");
    }

    /** DSMR 4.0 and later, and every national variant that states a version or has a clock, carry a CRC. */
    private static boolean requiresCrc(Telegram telegram) {
        String version = telegram.getVersion();
        return version != null && !version.isEmpty() && version.charAt(0) >= '4' || telegram.getMeterTime() != null;
    }

    /**
     * Which meter sent a telegram: its identification line and equipment id, since many meters of one make share
     * the identification line (a fleet over MQTT goes through one reader).
     */
    private static String meter(Telegram telegram) {
        return telegram.header + "|" + telegram.getEquipmentId();
    }

    /** Whether a meter with this identification line has sent telegrams with a CRC. */
    private boolean sendsCrc(String header) {
        return references.keySet().stream().anyMatch(k -> k.startsWith(header + "|"));
    }

    /** The last good telegram of this meter, or (noise may have hit what identifies it) the latest one. */
    private NoiseCorrector.Reference reference(String meter) {
        NoiseCorrector.Reference reference = references.get(meter);
        if (reference == null && !references.isEmpty()) {
            for (NoiseCorrector.Reference r : references.values()) {
                reference = r; // access order: the last is the most recent
            }
        }
        return reference;
    }

    /** Keeps the telegram for the corrector; what the corrector compares is derived only when it needs it. */
    private void remember(byte[] bytes, TelegramParser.Layout layout, Telegram telegram) {
        if (telegram.malformedLines.isEmpty()) {
            references.put(meter(telegram), new NoiseCorrector.Reference(bytes, layout, telegram));
        }
    }

    private static String framingProblem(TelegramParser.Layout layout) {
        return layout.start() != 0 ? "no telegram start '/'" : "no end '!': telegram truncated";
    }
}
