package io.meterbridge.dashboard;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.spi.OnCamelContextStarted;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * Serves the dashboard (index.html, its script and style, the uPlot WebJar) from the jar's META-INF/resources on
 * the main HTTP server, with Vert.x's static handler: content types, HEAD and ranges, no directory listing, nothing
 * hidden, nothing outside that root.
 *
 * <p>Camel 4.17's own static serving ({@code camel.server.static-enabled}) stays off: it looks in the working
 * directory first and then at the whole class path, so it would hand {@code application.properties},
 * {@code data/meterbridge.db} and {@code pge/client.key} to anyone on the network (CAMEL-24438).
 */
public class DashboardFiles implements OnCamelContextStarted {

    /** Where WebJars and the dashboard keep their files in their jars. */
    static final String ROOT = "META-INF/resources";

    private static final long YEAR = 365L * 24 * 3600;

    @Override
    public void onContextStarted(CamelContext context) {
        MainHttpServer server = context.hasService(MainHttpServer.class);
        if (server == null || server.getRouter() == null) {
            return; // camel.server.enabled = false: no dashboard
        }
        // WebJar paths carry their version: a browser may keep them for good (the handler resolves the path
        // after the route's prefix, hence the root)
        server.getRouter().route("/webjars/*")
                .method(HttpMethod.GET).method(HttpMethod.HEAD)
                .order(Integer.MAX_VALUE - 1) // after the REST API and every platform-http route
                .handler(StaticHandler.create(ROOT + "/webjars").setMaxAgeSeconds(YEAR));
        // the dashboard's own files change with an upgrade under the same name: asked for again on every load
        server.getRouter().route("/*")
                .method(HttpMethod.GET).method(HttpMethod.HEAD)
                .order(Integer.MAX_VALUE)
                .handler(StaticHandler.create(ROOT).setCachingEnabled(false));
    }
}
