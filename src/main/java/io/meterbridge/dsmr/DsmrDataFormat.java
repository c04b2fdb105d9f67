package io.meterbridge.dsmr;

import java.time.Instant;
import java.time.ZoneId;

import org.apache.camel.Exchange;
import org.apache.camel.spi.annotations.Dataformat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.meterbridge.framing.Frame;
import io.meterbridge.framing.FramingConstants;
import io.meterbridge.reading.ReadingDataFormat;

/**
 * {@code unmarshal: custom: dsmr} turns one P1 telegram (bytes) into a {@code List<Reading>}, with the validity
 * in headers. A telegram that is not proven right throws {@link TelegramRejectedException}, which the global
 * route configuration logs and records; the next telegram is processed as usual.
 */
@Dataformat("dsmr")
public class DsmrDataFormat extends ReadingDataFormat {

    private static final Logger LOG = LoggerFactory.getLogger(DsmrDataFormat.class);

    private String zone;
    private String meter;
    private boolean correct = true;
    private boolean acceptInvalidCrc;
    private volatile TelegramReader reader;

    @Override
    public String getDataFormatName() {
        return "dsmr";
    }

    @Override
    protected void doStart() {
        reader = new TelegramReader(zone == null || zone.isBlank() ? null : ZoneId.of(zone), correct, acceptInvalidCrc);
    }

    @Override
    protected Object read(Exchange exchange, byte[] bytes) throws TelegramRejectedException {
        Frame.Status status = exchange.getMessage().getHeader(FramingConstants.FRAME_STATUS, Frame.Status.COMPLETE, Frame.Status.class);
        TelegramReader.Result result = reader.read(bytes, status);
        Telegram telegram = result.telegram();
        exchange.getMessage().setHeader(DsmrConstants.VALIDITY, result.validity().label());
        exchange.getMessage().setHeader(DsmrConstants.REASON, result.reason());
        exchange.getMessage().setHeader(DsmrConstants.TELEGRAM, telegram);
        exchange.getMessage().setHeader(DsmrConstants.METER, meter != null ? meter : telegram.getEquipmentId());
        if (result.validity() != Validity.VALID && result.validity() != Validity.UNCHECKED) {
            exchange.getMessage().setHeader(DsmrConstants.RAW, bytes);
        }
        switch (result.validity()) {
            case REJECTED:
                throw new TelegramRejectedException(result.reason(), telegram, bytes);
            case CORRECTED:
            case ACCEPTED_INVALID:
                LOG.warn("Telegram {} from {}: {}", result.validity().label(), telegram.getEquipmentId(), result.reason());
                break;
            default:
                LOG.debug("Telegram {} from {}", result.validity().label(), telegram.getEquipmentId());
        }
        return Normaliser.toReadings(telegram, meter, Instant.ofEpochMilli(exchange.getClock().getCreated()));
    }

    public String getZone() {
        return zone;
    }

    /** The meter clock's time zone, e.g. Europe/Amsterdam; empty to take it from the telegram's dialect. */
    public void setZone(String zone) {
        this.zone = zone;
    }

    public String getMeter() {
        return meter;
    }

    /** The meter tag for readings; empty to use the equipment id the meter sends. */
    public void setMeter(String meter) {
        this.meter = meter == null || meter.isBlank() ? null : meter;
    }

    public boolean isCorrect() {
        return correct;
    }

    /** Repair noise-damaged telegrams when the repair is provably unique. */
    public void setCorrect(boolean correct) {
        this.correct = correct;
    }

    public boolean isAcceptInvalidCrc() {
        return acceptInvalidCrc;
    }

    /** Deliver telegrams whose CRC fails anyway, marked accepted_invalid (for meters known to send wrong CRCs). */
    public void setAcceptInvalidCrc(boolean acceptInvalidCrc) {
        this.acceptInvalidCrc = acceptInvalidCrc;
    }
}
