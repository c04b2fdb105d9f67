package io.meterbridge.http;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpComponent;

import io.meterbridge.dashboard.DashboardFiles;
import io.meterbridge.settings.Beans;
import io.meterbridge.settings.Settings;

/** The HTTP servers' guards, the engine that knows the main server's port, and the dashboard's files. */
public class HttpConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        ServerPortEngine engine = new ServerPortEngine();
        engine.setPort(settings.whole("camel.server.port", 0, 65_535));
        context.getComponent("platform-http", PlatformHttpComponent.class).setEngine(engine);
        Beans.bind(context, "httpGuard", new HttpGuard());
        ObserveGuard observe = new ObserveGuard();
        observe.setLoopbackOnly(settings.flag("observe.loopback-only"));
        Beans.bind(context, "observeGuard", observe);
        Beans.bind(context, "dashboardFiles", new DashboardFiles());
    }
}
