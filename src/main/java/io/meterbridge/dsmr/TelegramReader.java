package io.meterbridge.dsmr;

import java.time.ZoneId;

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
    private final java.util.Map<String, NoiseCorrector.Reference> references = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, NoiseCorrector.Reference> eldest) {
            return size() > REMEMBERED_METERS;
        }
    };
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
        this.corrector = new NoiseCorrector(parser);
        this.correct = correct;
        this.acceptInvalidCrc = acceptInvalidCrc;
    }

    /** Not thread-safe in its memory of meters: the data format calls it from one route thread at a time. */
    public synchronized Result read(byte[] bytes, Frame.Status status) {
        if (status == Frame.Status.OVERSIZED) {
            return new Result(parser.parse(bytes), Validity.REJECTED, "longer than the frame limit; first "
                    + bytes.length + " bytes kept");
        }
        TelegramParser.Layout layout = TelegramParser.layout(bytes, 0, bytes.length);
        Telegram telegram = parser.parse(bytes, layout);
        boolean framed = layout.start() == 0 && layout.terminated() && status != Frame.Status.TRUNCATED;
        if (framed && telegram.crc.status() == CrcCheck.Status.VALID) {
            remember(bytes, layout, telegram);
            return new Result(telegram, Validity.VALID, null);
        }
        if (framed && telegram.crc.status() == CrcCheck.Status.ABSENT) {
            return new Result(telegram, Validity.UNCHECKED, "no CRC (DSMR 2.2/3)");
        }
        String problem = !framed ? framingProblem(layout, status)
                : "CRC " + telegram.crc.given() + " but computed " + telegram.crc.computedHex();
        if (correct && !(framed && status == Frame.Status.TRUNCATED)) {
            NoiseCorrector.Outcome outcome = corrector.correct(bytes, layout, telegram, references.get(telegram.header));
            if (outcome.corrected()) {
                byte[] repaired = outcome.repaired();
                TelegramParser.Layout repairedLayout = TelegramParser.layout(repaired, 0, repaired.length);
                Telegram fixed = parser.parse(repaired, repairedLayout);
                remember(repaired, repairedLayout, fixed);
                return new Result(fixed, Validity.CORRECTED, problem + "; " + outcome.description());
            }
            problem = outcome.description();
        }
        if (framed && acceptInvalidCrc) {
            return new Result(telegram, Validity.ACCEPTED_INVALID, problem);
        }
        return new Result(telegram, Validity.REJECTED, problem);
    }

    private void remember(byte[] bytes, TelegramParser.Layout layout, Telegram telegram) {
        if (telegram.malformedLines.isEmpty()) {
            references.put(telegram.header, NoiseCorrector.Reference.of(bytes, layout, telegram));
        }
    }

    private static String framingProblem(TelegramParser.Layout layout, Frame.Status status) {
        if (status == Frame.Status.TRUNCATED) {
            return "truncated: a new telegram or the end of the input came before its '!'";
        }
        if (layout.start() != 0) {
            return "no telegram start '/'";
        }
        return "no end '!': telegram truncated";
    }
}
