package io.meterbridge.api;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import io.meterbridge.meterman.MeterNodes;
import io.meterbridge.meterman.MetermanGateway;
import io.meterbridge.reading.Quoted;

/**
 * meterman nodes in the REST API: their health and events, and node commands through the gateway, as meterman's
 * /nodectrl: {@code {"command": "SMVAL", "values": [120000], "why": …}} (SMVAL meter value in Wh, SMINT interval in
 * s, SPLED puck LED rate and ms, SGITR poll rate and for how long in s), answered 202 once the gateway queued it;
 * the node applies it at its next instruction poll. Commands need a write token; each is logged with who and why.
 */
public class NodesApi {

    private static final Logger LOG = LoggerFactory.getLogger(NodesApi.class);

    private MeterNodes nodes;
    private MetermanGateway gateway;
    private ApiTokens tokens;
    private final ZoneId zone = ZoneId.of("UTC");

    public String health(Exchange exchange) throws Exception {
        return new ApiRequest(exchange, zone).answer(Map.of("nodes", nodes.health()));
    }

    public String events(Exchange exchange) throws Exception {
        ApiRequest request = new ApiRequest(exchange, zone);
        String node = request.name("node");
        return request.answer(Map.of("node", node, "events", nodes.events(node, request.limit(500))));
    }

    public String command(Exchange exchange) throws Exception {
        ApiRequest request = new ApiRequest(exchange, zone);
        String who = tokens.writer(request.authorization());
        String node = request.name("node");
        JsonNode body = request.body();
        String command = ApiRequest.text(body, "command", true);
        String why = ApiRequest.why(body);
        JsonNode values = body.get("values");
        if (values == null || !values.isArray() || values.size() > 2) {
            throw new ApiException(400, "'values' must be a list of one or two whole numbers");
        }
        long[] numbers = new long[values.size()];
        for (int i = 0; i < numbers.length; i++) {
            if (!values.get(i).canConvertToLong()) {
                throw new ApiException(400, "'values' must be whole numbers");
            }
            numbers[i] = values.get(i).asLong();
        }
        String id = node.substring(node.lastIndexOf('.') + 1);
        if (!id.matches("\\d{1,3}")) {
            throw new ApiException(400, "node '" + Quoted.shorten(node, 60) + "' is not a meterman node id such as 0.0.1.1.2");
        }
        String result;
        try {
            result = gateway.control(Integer.parseInt(id), command, numbers);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage());
        } catch (IllegalStateException e) {
            throw new ApiException(409, e.getMessage());
        } catch (Exception e) {
            throw new ApiException(503, "the meterman gateway cannot be reached: " + e.getMessage());
        }
        LOG.info("meterman node {}: {} {} queued for {} ({})", node, command, Arrays.toString(numbers), who, why);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("node", node);
        out.put("command", command);
        out.put("who", who);
        out.put("result", result);
        return request.answer(202, out);
    }

    public void setNodes(MeterNodes nodes) {
        this.nodes = nodes;
    }

    public void setGateway(MetermanGateway gateway) {
        this.gateway = gateway;
    }

    public void setTokens(ApiTokens tokens) {
        this.tokens = tokens;
    }
}
