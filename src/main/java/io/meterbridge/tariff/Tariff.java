package io.meterbridge.tariff;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.time.ZoneId;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.meterbridge.settings.InvalidSettingException;

/**
 * The user's tariffs (tariff.file) with the dynamic prices they refer to: what a register's unit costs at a time
 * and the fixed charges of a day. The file is read again when it changes, so a new contract is a new entry in it,
 * not a restart; a file that no longer reads keeps the tariffs read before and says which line is wrong.
 */
public final class Tariff {

    private static final Logger LOG = LoggerFactory.getLogger(Tariff.class);
    private static final long CHECK_MILLIS = 5_000;

    private final Path file;
    private final ZoneId zone;
    private final Prices prices;
    private volatile Tariffs tariffs;
    private FileTime loaded;
    private long checked;

    public Tariff(Path file, ZoneId zone, Path pricesFile) {
        this.file = file;
        this.zone = zone;
        try {
            tariffs = read();
        } catch (IllegalArgumentException | IOException e) {
            throw new InvalidSettingException("tariff.file = " + file + ": " + e.getMessage());
        }
        checked = System.currentTimeMillis();
        this.prices = new Prices(pricesFile, zone);
        if (tariffs.dynamic() && pricesFile == null) {
            throw new InvalidSettingException("tariff.file = " + file + " has dynamic prices: set tariff.prices-file (a CSV of time,price) or tariff.prices-url");
        }
    }

    public String currency() {
        return current().currency();
    }

    public ZoneId zone() {
        return zone;
    }

    Prices prices() {
        return prices;
    }

    /** Whether the file prices this commodity at all. */
    public boolean prices(Register.Commodity commodity) {
        return current().prices(commodity);
    }

    /** A register's price per unit at a time (epoch ms); NaN where no tariff applies or its dynamic price is unknown. */
    public double rate(Register register, long time) {
        return current().rate(register, time, prices);
    }

    /** The fixed charges of a day. */
    public double perDay(Register.Commodity commodity, LocalDate day) {
        return current().perDay(commodity, day);
    }

    private synchronized Tariffs current() {
        long now = System.currentTimeMillis();
        if (now - checked >= CHECK_MILLIS) {
            checked = now;
            try {
                if (!Files.getLastModifiedTime(file).equals(loaded)) {
                    tariffs = read();
                    LOG.info("Tariff: {} read again", file);
                }
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("Tariff: {} cannot be read again ({}); the tariffs read before stay", file, e.getMessage());
            }
        }
        return tariffs;
    }

    private Tariffs read() throws IOException {
        loaded = Files.getLastModifiedTime(file); // a broken file is said once per change, not at every check
        return Tariffs.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString(), zone);
    }
}
