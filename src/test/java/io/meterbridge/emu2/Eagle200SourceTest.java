package io.meterbridge.emu2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.meterbridge.testing.CapturedLog;
import io.meterbridge.testing.Readme;
import io.meterbridge.testing.TestGateway;

/**
 * A Rainforest EAGLE-200 asked through its local API by the README's route, as printed. No EAGLE-200 is here: the
 * stand-in is a real HTTP server that answers as the local API does (basic authentication with the cloud ID and
 * install code, 401 otherwise; a device list, then a device query of the meter's variables, values as Home
 * Assistant's aioeagle library records them from a real EAGLE-200).
 */
@Timeout(60)
class Eagle200SourceTest {

    static final String CLOUD_ID = "00a1b2";
    static final String INSTALL_CODE = "3f9c2a71e0b4d865";
    static final String DEVICE_LIST = """
            <DeviceList>
              <Device><HardwareAddress>0x000781000081fd0b</HardwareAddress><Manufacturer>Rainforest Automation, Inc.</Manufacturer>
                <ModelId>Z105-2-EMU2-LEDD_JM</ModelId><Protocol>Zigbee</Protocol><ConnectionStatus>Connected</ConnectionStatus></Device>
              <Device><HardwareAddress>0x00078100023076c8</HardwareAddress><Manufacturer>Generic</Manufacturer><ModelId>electric_meter</ModelId>
                <Name>Power Meter</Name><Protocol>Zigbee</Protocol><LastContact>0x611d885a</LastContact><ConnectionStatus>Connected</ConnectionStatus>
                <NetworkAddress>0x0000</NetworkAddress></Device>
            </DeviceList>
            """;
    static final String QUERY = """
            <Device>
              <DeviceDetails><HardwareAddress>0x00078100023076c8</HardwareAddress><Name>Power Meter</Name><ModelId>electric_meter</ModelId>
                <LastContact>0x611d885a</LastContact><ConnectionStatus>Connected</ConnectionStatus></DeviceDetails>
              <Components><Component><HardwareId>0x0</HardwareId><FixedId>0</FixedId><Name>Main</Name><Variables>
                <Variable><Name>zigbee:InstantaneousDemand</Name><Value>1.965000</Value><Units>kW</Units><Description>Instantaneous Demand</Description></Variable>
                <Variable><Name>zigbee:CurrentSummationDelivered</Name><Value>2853.662000</Value><Units>kWh</Units></Variable>
                <Variable><Name>zigbee:CurrentSummationReceived</Name><Value>0.000000</Value><Units>kWh</Units></Variable>
                <Variable><Name>zigbee:Price</Name><Value>invalid</Value></Variable>
                <Variable><Name>zigbee:PriceCurrency</Name><Value>USD</Value></Variable>
              </Variables></Component></Components>
            </Device>
            """;

    @TempDir
    Path dir;

    @Test
    void theMetersDemandAndTotalsComeAsAnEmu2s() throws Exception {
        HttpServer eagle = eagle(INSTALL_CODE);
        Path data = dir.resolve("data");
        Main main = gateway(eagle, INSTALL_CODE);
        try {
            Path csv = data.resolve("readings-electricity-2021-08-18.csv");
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> Files.exists(csv));
            List<String> rows = Files.readAllLines(csv);
            List<String> columns = List.of(rows.get(0).split(","));
            String[] row = rows.get(1).split(",", -1);
            assertThat(row[columns.indexOf("time")]).as("the meter's last contact").isEqualTo("2021-08-18T22:23:22Z");
            assertThat(row[columns.indexOf("meter")]).as("the MAC an EMU-2 of this meter tags with").isEqualTo("00078100023076c8");
            assertThat(Double.parseDouble(row[columns.indexOf("power_import_w")])).isEqualTo(1965.0);
            assertThat(Double.parseDouble(row[columns.indexOf("energy_import_kwh")])).isEqualTo(2853.662);
            assertThat(Double.parseDouble(row[columns.indexOf("energy_export_kwh")])).isEqualTo(0.0);
        } finally {
            main.stop();
            eagle.stop(0);
        }
    }

    @Test
    void aWrongInstallCodeIsSaidOnceWithoutTheCode() throws Exception {
        HttpServer eagle = eagle(INSTALL_CODE);
        String wrong = "0000111122223333";
        Main main = gateway(eagle, wrong);
        try {
            String host = "127.0.0.1:" + eagle.getAddress().getPort();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> CapturedLog.messages().stream()
                    .anyMatch(m -> m.contains("EAGLE-200 " + host + " refused: the cloud ID and install code (401)")));
            Thread.sleep(1500); // more polls, refused too
            assertThat(CapturedLog.messages().stream().filter(m -> m.contains("EAGLE-200 " + host))).hasSize(1);
            assertThat(CapturedLog.messages()).noneMatch(m -> m.contains(wrong) || m.contains(INSTALL_CODE));
        } finally {
            main.stop();
            eagle.stop(0);
        }
    }

    private Main gateway(HttpServer eagle, String installCode) throws Exception {
        String route = Readme.yamlBlock("# routes/eagle200.camel.yaml").replace("192.168.1.70", "127.0.0.1:" + eagle.getAddress().getPort())
                .replace("{{env:EAGLE_INSTALL_CODE}}", installCode);
        Main main = TestGateway.withRoute(dir, "eagle200.camel.yaml", route.replace("cloudId: 00a1b2", "cloudId: 00a1b2\n        interval: 300"));
        main.start();
        return main;
    }

    /** The stand-in: basic authentication, then a device list or a device query, as the command asks. */
    private static HttpServer eagle(String installCode) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String expected = "Basic " + Base64.getEncoder().encodeToString((CLOUD_ID + ":" + installCode).getBytes(StandardCharsets.UTF_8));
        server.createContext("/cgi-bin/post_manager", exchange -> {
            String command = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] body;
            int status = 200;
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization")) || !exchange.getRequestMethod().equals("POST")) {
                status = 401;
                body = "Unauthorized".getBytes(StandardCharsets.UTF_8);
            } else if (command.contains("<Name>device_list</Name>")) {
                body = DEVICE_LIST.getBytes(StandardCharsets.UTF_8);
            } else if (command.contains("<Name>device_query</Name>") && command.contains("<HardwareAddress>0x00078100023076c8</HardwareAddress>")
                    && command.contains("zigbee:InstantaneousDemand")) {
                body = QUERY.getBytes(StandardCharsets.UTF_8);
            } else {
                status = 400;
                body = "<Error>unknown command</Error>".getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }
}
