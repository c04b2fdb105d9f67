package io.meterbridge.api;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;

import io.meterbridge.reading.Json;
import io.meterbridge.store.StoreRefusal;

/**
 * The API's error answer, for the route configuration's handler: the {@link ApiException}'s status, the HTTP
 * status of a {@link StoreRefusal}'s kind (500 for anything else) and {@code {"status": 400, "error": "what to change"}}; a 401 also says which scheme to use.
 */
public class ApiErrors {

    public String answer(Exchange exchange) throws Exception {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int status = e instanceof ApiException a ? a.status() : e instanceof StoreRefusal r ? status(r.kind()) : 500;
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (status == 401) {
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", status);
        out.put("error", e == null ? "unknown" : e.getMessage());
        return Json.MAPPER.writeValueAsString(out);
    }

    private static int status(StoreRefusal.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case INVALID -> 400;
        };
    }
}
