package io.meterbridge.http;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * On the management port, with {@code loopbackOnly}: the bare probes ({@code /observe/health/live} and
 * {@code /observe/health/ready}, no parameters) answer anyone who reaches the port, as Kubernetes needs, while health
 * details, metrics and everything else answer only this machine (403 otherwise). For a container whose port is
 * published but whose metrics nobody outside should read; off by default, as a cluster's Prometheus scrapes from
 * another pod.
 */
public class ObserveGuard extends RouterGuard {

    private boolean loopbackOnly;

    @Override
    Router router(CamelContext context) {
        ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
        return !loopbackOnly || server == null ? null : server.getRouter();
    }

    @Override
    void guard(RoutingContext ctx) {
        String path = ctx.request().path();
        boolean probe = (path.endsWith("/health/live") || path.endsWith("/health/ready")) && ctx.request().query() == null;
        if (probe || loopback(ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().host())) {
            ctx.next();
            return;
        }
        HttpGuard.refuse(ctx, 403, "health details and metrics answer this machine only");
    }

    static boolean loopback(String host) {
        if (host == null) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public void setLoopbackOnly(boolean loopbackOnly) {
        this.loopbackOnly = loopbackOnly;
    }
}
