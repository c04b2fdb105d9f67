package io.meterbridge.dsmr;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.meterbridge.reading.FieldMap;

/**
 * One parsed P1 telegram: everything the meter said, in the field vocabulary, plus what could not be
 * understood (kept, never fatal) and the outcome of the CRC check. Made by {@link TelegramParser}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public final class Telegram {

    /** A device on an M-Bus channel (gas, water, heat or a slave electricity meter). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class MbusDevice {
        public final int channel;
        public Integer deviceType;
        public String equipmentId;
        public Double value;
        public String unit;
        public Instant time;
        public String timeText;
        public Long valve;

        MbusDevice(int channel) {
            this.channel = channel;
        }
    }

    /** One entry of the long power failure log: when power came back, and how long it was gone. */
    public record PowerFailure(Instant end, long durationSeconds) {
    }

    /** One month of the Belgian capacity-tariff history: the highest quarter-hour average demand. */
    public record MonthlyPeak(Instant month, Instant time, double powerW) {
    }

    String header;
    Dialect dialect;
    CrcCheck crc;
    Instant meterTime;
    String meterTimeText;
    String version;
    String equipmentId;
    final FieldMap electricity = new FieldMap();
    final Map<Integer, MbusDevice> mbus = new TreeMap<>();
    final List<PowerFailure> powerFailures = new ArrayList<>();
    final List<MonthlyPeak> monthlyPeaks = new ArrayList<>();
    final List<String> billingRecord = new ArrayList<>();
    final List<String> unknownLines = new ArrayList<>();
    final List<String> malformedLines = new ArrayList<>();

    Telegram() {
    }

    public String getHeader() {
        return header;
    }

    public Dialect getDialect() {
        return dialect;
    }

    public CrcCheck getCrc() {
        return crc;
    }

    /** The meter's own clock, or null when it sent none or a placeholder. */
    public Instant getMeterTime() {
        return meterTime;
    }

    public String getMeterTimeText() {
        return meterTimeText;
    }

    public String getVersion() {
        return version;
    }

    public String getEquipmentId() {
        return equipmentId;
    }

    public Map<String, Object> getElectricity() {
        return electricity;
    }

    public List<MbusDevice> getMbus() {
        return new ArrayList<>(mbus.values());
    }

    public MbusDevice mbus(int channel) {
        return mbus.get(channel);
    }

    public List<PowerFailure> getPowerFailures() {
        return powerFailures;
    }

    public List<MonthlyPeak> getMonthlyPeaks() {
        return monthlyPeaks;
    }

    /** The Hungarian 0-0:98.1.0 billing record, values as the meter wrote them. */
    public List<String> getBillingRecord() {
        return billingRecord;
    }

    /** Well-formed lines with an OBIS code this version does not know; kept so nothing is thrown away. */
    public List<String> getUnknownLines() {
        return unknownLines;
    }

    /** Lines that break the P1 line grammar; a telegram with any is not accepted as corrected. */
    public List<String> getMalformedLines() {
        return malformedLines;
    }
}
