package io.meterbridge.store;

import java.time.ZoneId;

/** The store.zone setting, shared by the store's beans: a zone id, or "system" for the machine's. */
final class StoreZone {

    private StoreZone() {
    }

    static ZoneId of(String setting) {
        return setting.equals("system") ? ZoneId.systemDefault() : ZoneId.of(setting);
    }
}
