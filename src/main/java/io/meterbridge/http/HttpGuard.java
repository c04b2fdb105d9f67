package io.meterbridge.http;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * What every answer of the HTTP server (dashboard, REST API, PG&E notifications) gets, in front of every route:
 * <ul>
 * <li>security headers: a Content-Security-Policy that allows only the server's own scripts, styles and requests
 *     and no framing, {@code X-Content-Type-Options: nosniff} and {@code Referrer-Policy: no-referrer};
 * <li>no request header copied back: Camel carries a request's headers on its message and would write them into
 *     the answer (an {@code Authorization} header included), so any answer header a request also sent is removed,
 *     but for the few that describe the answer itself;
 * <li>a token in the URL is refused with 400 before anything reads it: URLs end up in proxy logs and browser
 *     history, so tokens go only in {@code Authorization: Bearer};
 * <li>an API write ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE} under {@code /api/}) that is not
 *     {@code application/json} is refused with 415: a browser's cross-site form can never write;
 * <li>while the routes start or stop, every request is answered 503 with {@code Retry-After}, not 404.
 * </ul>
 */
public class HttpGuard extends RouterGuard {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    /** Answer headers that may carry a name a request also sent: they describe the answer, not the request. */
    private static final Set<String> ANSWER_HEADERS = Set.of("content-type", "content-length", "content-encoding", "date",
            "cache-control", "etag", "last-modified", "vary", "transfer-encoding", "connection", "keep-alive", "location",
            "accept-ranges", "content-range", "retry-after", "content-security-policy", "x-content-type-options",
            "referrer-policy", "x-frame-options");
    private static final List<String> TOKEN_PARAMETERS = List.of("token", "access_token", "api_token", "apikey", "api_key", "bearer");
    private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

    @Override
    Router router(CamelContext context) {
        MainHttpServer server = context.hasService(MainHttpServer.class);
        return server == null ? null : server.getRouter();
    }

    @Override
    void guard(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        ctx.addHeadersEndHandler(v -> secure(request.headers(), ctx.response().headers()));
        CamelContext context = getCamelContext();
        if (!context.isStarted()) {
            ctx.response().putHeader("Retry-After", "1");
            refuse(ctx, 503, context.isStopping() ? "meterbridge is stopping" : "meterbridge is starting; try again in a second");
            return;
        }
        for (String name : request.params().names()) {
            if (TOKEN_PARAMETERS.contains(name.toLowerCase(Locale.ROOT))) {
                refuse(ctx, 400, "tokens are not accepted in the URL: send Authorization: Bearer <token>");
                return;
            }
        }
        if (WRITES.contains(request.method()) && request.path().startsWith("/api/")) {
            String type = request.getHeader("Content-Type");
            if (type == null || !type.toLowerCase(Locale.ROOT).split(";")[0].strip().equals("application/json")) {
                refuse(ctx, 415, "writes take Content-Type: application/json");
                return;
            }
        }
        ctx.next();
    }

    static void secure(MultiMap requestHeaders, MultiMap answer) {
        for (String name : List.copyOf(answer.names())) {
            if (requestHeaders.contains(name) && !ANSWER_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                answer.remove(name);
            }
        }
        answer.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        answer.set("X-Content-Type-Options", "nosniff");
        answer.set("Referrer-Policy", "no-referrer");
        answer.set("X-Frame-Options", "DENY");
    }

    static void refuse(RoutingContext ctx, int status, String error) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end("{\"status\":" + status + ",\"error\":\"" + error + "\"}");
    }
}
