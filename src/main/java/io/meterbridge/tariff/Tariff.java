package io.meterbridge.tariff;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;

import io.meterbridge.settings.InvalidSettingException;
import io.meterbridge.state.WatchedFile;

/**
 * The user's tariffs (tariff.file) with the dynamic prices they refer to: what a register's unit costs at a time
 * and the fixed charges of a day. The file is read again when it changes, so a new contract is a new entry in it,
 * not a restart; a file that no longer reads keeps the tariffs read before and says which line is wrong.
 */
public final class Tariff {

    /** How often the file's time stamp is looked at: a reading costs no file system call. */
    static final long CHECK_MILLIS = 5_000;

    private final ZoneId zone;
    private final Prices prices;
    private final WatchedFile<Tariffs> tariffs;

    public Tariff(Path file, ZoneId zone, Path pricesFile) {
        this(file, zone, pricesFile, CHECK_MILLIS);
    }

    /** {@code checkMillis}: how often the tariff file's time stamp is looked at. */
    Tariff(Path file, ZoneId zone, Path pricesFile, long checkMillis) {
        this.zone = zone;
        try {
            tariffs = new WatchedFile<>(file, checkMillis, "Tariff", null,
                    f -> Tariffs.parse(Files.readString(f, StandardCharsets.UTF_8), f.toString(), zone), t -> "tariffs in " + t.currency());
        } catch (IllegalArgumentException | IOException e) {
            throw new InvalidSettingException("tariff.file = " + file + ": " + e.getMessage());
        }
        try {
            this.prices = new Prices(pricesFile, zone);
        } catch (IllegalArgumentException | IOException e) {
            throw new InvalidSettingException("tariff.prices-file = " + pricesFile + ": " + e.getMessage());
        }
        if (tariffs.get().dynamic() && pricesFile == null) {
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

    private Tariffs current() {
        return tariffs.get();
    }
}
