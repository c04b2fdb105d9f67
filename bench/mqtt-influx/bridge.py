# The peer of bench/mqtt-influx: a minimal MQTT JSON -> InfluxDB bridge as people write it (paho-mqtt from the OS
# packages, urllib for the HTTP write), batching like meterbridge's sink (1000 points or 1 s). Glow electricity
# payloads in, InfluxDB 1.x line protocol out. Arguments: broker host, port, InfluxDB URL, database.
import json, sys, threading, time, urllib.request
from datetime import datetime
import paho.mqtt.client as mqtt

host, port, influx, db = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
lines, lock = [], threading.Lock()

def flush():
    with lock:
        batch = lines[:]
        del lines[:]
    if batch:
        urllib.request.urlopen(influx + "/write?db=" + db + "&precision=s", data="\n".join(batch).encode()).read()

def on_message(client, userdata, message):
    meter = json.loads(message.payload)["electricitymeter"]
    t = int(datetime.fromisoformat(meter["timestamp"].replace("Z", "+00:00")).timestamp())
    line = "electricity,meter=%s energy_import_kwh=%s,power_import_w=%s %d" % (
        message.topic.split("/")[1], meter["energy"]["import"]["cumulative"], meter["power"]["value"] * 1000, t)
    with lock:
        lines.append(line)
        full = len(lines) >= 1000
    if full:
        flush()

def every_second():
    while True:
        time.sleep(1)
        flush()

threading.Thread(target=every_second, daemon=True).start()
client = mqtt.Client(client_id="py-bridge", clean_session=True)
client.on_message = on_message
client.on_connect = lambda c, u, f, rc: c.subscribe("glow/+/SENSOR/electricitymeter", qos=1)
client.connect(host, port)
client.loop_forever()
