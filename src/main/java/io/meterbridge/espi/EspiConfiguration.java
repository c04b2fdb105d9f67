package io.meterbridge.espi;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import io.meterbridge.settings.Beans;

/** "espiImport", the data format the Green Button file import reads with. */
public class EspiConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        EspiDataFormat espi = new EspiDataFormat();
        espi.setSource("green-button");
        Beans.bind(context, "espiImport", espi);
    }
}
