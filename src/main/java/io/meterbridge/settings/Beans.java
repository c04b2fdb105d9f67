package io.meterbridge.settings;

import org.apache.camel.CamelContext;
import org.apache.camel.support.CamelContextHelper;

/** Binding and finding the beans the configuration classes make, by the names the routes use. */
public final class Beans {

    private Beans() {
    }

    public static <T> T bind(CamelContext context, String name, T bean) {
        context.getRegistry().bind(name, bean);
        return bean;
    }

    /** A bean another configuration class bound before this one. */
    public static <T> T find(CamelContext context, String name, Class<T> type) {
        return CamelContextHelper.mandatoryLookup(context, name, type);
    }
}
