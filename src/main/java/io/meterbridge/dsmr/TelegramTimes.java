package io.meterbridge.dsmr;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

import io.meterbridge.framing.FrameTimes;

/**
 * Moves the timestamps in DSMR telegrams ({@code (YYMMDDhhmmssX)}, X = S summer or W winter time; DSMR 2.2 has no X).
 * The shift is a fixed number of seconds in UTC, so readings keep their spacing across a change of summer time; each
 * moved timestamp gets the S or W that is right for its new time in the meter's zone (from its identification line).
 * <p>
 * The CRC is carried along rather than recomputed: CRC-16/ARC has no initial value and no final xor, so it is linear,
 * and CRC(t xor d) = CRC(t) xor CRC(d) for the change d. A telegram that arrived damaged stays damaged in exactly the
 * same bytes and repairs to the moved original, which is what a replay must show.
 */
public final class TelegramTimes implements FrameTimes {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuMMddHHmmss", Locale.ROOT);

    @Override
    public Instant time(byte[] frame) {
        ZoneId zone = zone(frame);
        String text = new String(frame, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("0-0:1.0.0(");
        if (at < 0) {
            return null;
        }
        Stamp stamp = Stamp.at(text, at + "0-0:1.0.0".length());
        return stamp == null ? null : stamp.instant(zone);
    }

    @Override
    public byte[] shift(byte[] frame, Duration shift) {
        ZoneId zone = zone(frame);
        String text = new String(frame, StandardCharsets.ISO_8859_1);
        byte[] moved = frame.clone();
        for (int open = text.indexOf('('); open >= 0; open = text.indexOf('(', open + 1)) {
            Stamp stamp = Stamp.at(text, open);
            if (stamp != null) {
                Instant instant = stamp.instant(zone);
                if (instant != null) {
                    byte[] replacement = stamp.render(instant.plus(shift), zone).getBytes(StandardCharsets.ISO_8859_1);
                    System.arraycopy(replacement, 0, moved, open + 1, replacement.length);
                }
            }
        }
        carryCrc(frame, moved);
        return moved;
    }

    /** Adjusts the CRC line of {@code moved} by the CRC of what changed, when the original had a readable one. */
    private static void carryCrc(byte[] original, byte[] moved) {
        int start = indexOf(original, (byte) '/', 0);
        int bang = indexOf(original, (byte) '!', Math.max(start, 0));
        if (start < 0 || bang < 0 || bang + 5 > original.length) {
            return;
        }
        String crcText = new String(original, bang + 1, 4, StandardCharsets.ISO_8859_1);
        int crc;
        try {
            crc = Integer.parseInt(crcText, 16);
        } catch (NumberFormatException e) {
            return; // no CRC (DSMR 2.2/3) or a damaged CRC line: nothing to carry
        }
        byte[] change = new byte[bang + 1 - start];
        for (int i = 0; i < change.length; i++) {
            change[i] = (byte) (original[start + i] ^ moved[start + i]);
        }
        String next = String.format(Locale.ROOT, "%04X", crc ^ Crc16Arc.compute(change, 0, change.length));
        if (crcText.chars().anyMatch(Character::isLowerCase)) {
            next = next.toLowerCase(Locale.ROOT);
        }
        System.arraycopy(next.getBytes(StandardCharsets.ISO_8859_1), 0, moved, bang + 1, 4);
    }

    private static ZoneId zone(byte[] frame) {
        int start = indexOf(frame, (byte) '/', 0);
        int end = start < 0 ? -1 : indexOf(frame, (byte) '\r', start);
        if (end < 0) {
            end = start < 0 ? -1 : indexOf(frame, (byte) '\n', start);
        }
        String header = start < 0 || end < 0 ? "" : new String(frame, start + 1, end - start - 1, StandardCharsets.ISO_8859_1);
        return Dialect.fromHeader(header).zone;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** A timestamp in parentheses at {@code open}: twelve digits and an optional S or W, then ')'. */
    private record Stamp(String digits, char flag) {

        static Stamp at(String text, int open) {
            if (open + 14 > text.length() || text.charAt(open) != '(') {
                return null;
            }
            for (int i = open + 1; i < open + 13; i++) {
                if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                    return null;
                }
            }
            char next = text.charAt(open + 13);
            if (next == ')') {
                return new Stamp(text.substring(open + 1, open + 13), ' ');
            }
            if ((next == 'S' || next == 'W') && open + 14 < text.length() && text.charAt(open + 14) == ')') {
                return new Stamp(text.substring(open + 1, open + 13), next);
            }
            return null;
        }

        /** The instant, S or W choosing between the two readings of the hour the clocks go back; null if no time. */
        Instant instant(ZoneId zone) {
            LocalDateTime local;
            try {
                local = LocalDateTime.parse(digits, FORMAT);
            } catch (DateTimeParseException e) {
                return null; // a value of twelve digits that is not a time, or a damaged one: left as it is
            }
            List<ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
            if (offsets.isEmpty()) {
                return null;
            }
            ZoneOffset offset = offsets.size() == 1 || flag == ' ' ? offsets.get(0) : offsets.get(flag == 'S' ? 0 : 1);
            return local.toInstant(offset);
        }

        String render(Instant instant, ZoneId zone) {
            ZonedDateTime time = instant.atZone(zone);
            String moved = time.format(FORMAT);
            return flag == ' ' ? moved : moved + (zone.getRules().isDaylightSavings(instant) ? 'S' : 'W');
        }
    }
}
