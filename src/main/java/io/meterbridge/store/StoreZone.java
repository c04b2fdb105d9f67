package io.meterbridge.store;

import java.time.ZoneId;

/** The store.zone setting, shared by the store's beans: a zone id, or "system" for the machine's. */
public final class StoreZone {

    private StoreZone() {
    }

    public static ZoneId of(String setting) {
        return setting.equals("system") ? ZoneId.systemDefault() : ZoneId.of(setting);
    }
}
