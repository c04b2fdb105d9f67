package io.meterbridge.meterman;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import io.meterbridge.settings.Beans;
import io.meterbridge.settings.Settings;

/**
 * The meterman nodes and their health (bound always, so the API answers without a gateway too), the data format
 * the route reads gateway lines with, and the bean that talks to the gateway.
 */
public class MetermanConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        MeterNodes nodes = new MeterNodes();
        nodes.setStateFile(settings.text("files.directory") + "/meterman/nodes.json");
        nodes.setSilentAfter(settings.whole("meterman.silent-after", 1000L, 365L * 86_400_000L));
        nodes.setLowBatteryMv(settings.whole("meterman.low-battery-mv", 0, 10_000));
        nodes.setWeakRssiDbm(settings.whole("meterman.weak-rssi-dbm", -200, 0));
        nodes.setMaxClockDriftS(settings.whole("meterman.max-clock-drift-s", 0, 86_400));
        Beans.bind(context, "meterNodes", nodes);
        MeterNodesHealthCheck health = new MeterNodesHealthCheck();
        health.setNodes(nodes);
        Beans.bind(context, "metermanHealth", health);
        MetermanDataFormat format = new MetermanDataFormat();
        format.setNodes(nodes);
        format.setNetworkId(settings.text("meterman.network-id"));
        settings.optional("meterman.impulses-per-kwh").ifPresent(format::setImpulsesPerKwh);
        Beans.bind(context, "meterman", format);
        MetermanGateway gateway = new MetermanGateway();
        settings.optional("meterman.device").ifPresent(device -> gateway.setPort("serial:" + device));
        gateway.setTimeout(settings.whole("meterman.ack-timeout", 100L, 600_000L));
        Beans.bind(context, "metermanGateway", gateway);
    }
}
