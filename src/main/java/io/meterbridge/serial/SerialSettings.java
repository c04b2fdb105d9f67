package io.meterbridge.serial;

import java.util.Locale;

import com.fazecast.jSerialComm.SerialPort;

/** The line settings as jSerialComm takes them, checked once so a typo fails at start-up. */
record SerialSettings(int baudRate, int dataBits, int stopBits, int parity, String text) {

    static SerialSettings of(SerialConfiguration c) {
        if (c.getBaudRate() <= 0) {
            throw new IllegalArgumentException("baudRate must be positive, was " + c.getBaudRate());
        }
        if (c.getDataBits() < 5 || c.getDataBits() > 8) {
            throw new IllegalArgumentException("dataBits must be 5 to 8, was " + c.getDataBits());
        }
        int parity = switch (c.getParity().toLowerCase(Locale.ROOT)) {
            case "none", "n" -> SerialPort.NO_PARITY;
            case "even", "e" -> SerialPort.EVEN_PARITY;
            case "odd", "o" -> SerialPort.ODD_PARITY;
            case "mark", "m" -> SerialPort.MARK_PARITY;
            case "space", "s" -> SerialPort.SPACE_PARITY;
            default -> throw new IllegalArgumentException("parity must be none, even, odd, mark or space, was " + c.getParity());
        };
        int stopBits = switch (c.getStopBits()) {
            case "1" -> SerialPort.ONE_STOP_BIT;
            case "1.5" -> SerialPort.ONE_POINT_FIVE_STOP_BITS;
            case "2" -> SerialPort.TWO_STOP_BITS;
            default -> throw new IllegalArgumentException("stopBits must be 1, 1.5 or 2, was " + c.getStopBits());
        };
        String text = c.getBaudRate() + " " + c.getDataBits() + Character.toUpperCase(c.getParity().charAt(0)) + c.getStopBits();
        return new SerialSettings(c.getBaudRate(), c.getDataBits(), stopBits, parity, text);
    }

    @Override
    public String toString() {
        return text;
    }
}
