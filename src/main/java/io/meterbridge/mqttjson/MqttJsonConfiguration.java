package io.meterbridge.mqttjson;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import io.meterbridge.reading.FieldLimits;
import io.meterbridge.settings.Beans;

/** "readingFromProperties", which builds a reading from what an MQTT JSON route mapped. */
public class MqttJsonConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        ReadingFromProperties readings = new ReadingFromProperties();
        readings.setLimits(Beans.find(context, "fieldLimits", FieldLimits.class));
        Beans.bind(context, "readingFromProperties", readings);
    }
}
