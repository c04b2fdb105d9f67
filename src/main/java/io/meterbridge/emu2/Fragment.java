package io.meterbridge.emu2;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One EMU-2 / RAVEn fragment: its root (in the protocol's spelling when known) and its children's texts by
 * lower-case name, in wire order; a name can repeat (MeterList's MeterMacId).
 */
public record Fragment(String root, Map<String, List<String>> children, String raw) {

    /** The first text of a child, or null when absent. */
    public String get(String name) {
        List<String> values = children.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public List<String> all(String name) {
        return children.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** The meter the fragment is about: MeterMacId, else the device's own DeviceMacId; lower case, no 0x. */
    public String meter() {
        String mac = get("MeterMacId");
        if (mac == null || mac.isBlank()) {
            mac = get("DeviceMacId");
        }
        return mac == null ? null : Hex.mac(mac);
    }

    /** Without values: fragments can carry secrets (DeviceInfo's InstallCode and LinkKey, MeterInfo's Auth). */
    @Override
    public String toString() {
        return "<" + root + "> with " + children.keySet();
    }
}
