package io.meterbridge.framing;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.FactoryFinder;

/**
 * Resolves the {@code framing} option of the serial and replay endpoints: a bean of type {@link Framing} by that
 * name, or the framing a protocol registered under it (see {@link Framing}), as Camel resolves a component name.
 */
public final class Framers {

    static final String PATH = "META-INF/services/io/meterbridge/framing/";

    private Framers() {
    }

    public static Framing resolve(String name, CamelContext context) {
        if (context.getRegistry().lookupByName(name) instanceof Framing bean) {
            return bean;
        }
        FactoryFinder finder = context.getCamelContextExtension().getFactoryFinder(PATH);
        return finder.newInstance(name, Framing.class).orElseThrow(() -> new IllegalArgumentException("Unknown framing '"
                + name + "': use dsmr, dlms, emu2, lines, or the name of a Framing bean"));
    }
}
