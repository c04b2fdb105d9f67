// The dashboard: everything comes from the REST API (/api); times arrive in UTC and are shown in the browser's zone.
'use strict';

const $ = id => document.getElementById(id);
const charts = {};

async function api(path) {
  const response = await fetch('/api' + path);
  const body = await response.json();
  if (!response.ok) {
    throw new Error(body.error || response.statusText);
  }
  return body;
}

const iso = date => date.toISOString();
const kwh = value => value == null ? '–' : value.toFixed(value < 10 ? 3 : 1) + ' kWh';
const localTime = text => text ? new Date(text).toLocaleString() : '–';

// A step the API aggregates to, so a chart gets a few hundred to a few thousand points whatever the range.
function stepFor(seconds) {
  if (seconds <= 2 * 3600) return 'raw';
  if (seconds <= 2 * 86400) return '1m';
  if (seconds <= 14 * 86400) return '5m';
  if (seconds <= 120 * 86400) return '1h';
  return '1d';
}

// The meters to choose from: every meter with electricity (a P1 meter, a Glow, PG&E or meterman intervals).
async function meters() {
  const all = (await api('/meters')).meters;
  const select = $('meter');
  const chosen = select.value;
  select.innerHTML = '';
  for (const [meter, fields] of Object.entries(all)) {
    if (fields.some(f => f.measurement === 'electricity')) {
      select.add(new Option(meter, meter));
    }
  }
  if (chosen && all[chosen]) select.value = chosen;
  return all;
}

// The first meter with a field in a measurement (the gas or water meter on the P1 port's M-Bus).
function meterWith(all, measurement, field) {
  for (const [meter, fields] of Object.entries(all)) {
    if (fields.some(f => f.measurement === measurement && f.field === field)) return meter;
  }
  return null;
}

// Power now: the net power where the meter gives it (negative while returning), else what is drawn.
function showLive(latest) {
  const f = (latest.measurements || {}).electricity || {};
  const power = f.power_net_w || f.power_import_w;
  $('live-power').textContent = power ? Math.round(power.value) + ' W' : '–';
  $('live-time').textContent = power ? localTime(power.time) : '';
  // "now" is the meter's latest reading, so a capture replayed with its own times shows its own day
  const times = Object.values(f).map(r => Date.parse(r.time));
  return times.length ? new Date(Math.max(...times)) : new Date();
}

// Energy in [from, to): from the meter's total, or from its intervals where it has only those (the API decides).
async function energy(meter, measurement, field, from, to) {
  const fieldParam = field ? `&field=${field}` : '';
  const e = await api(`/meters/${encodeURIComponent(meter)}/energy?measurement=${measurement}${fieldParam}`
      + `&from=${iso(from)}&to=${iso(to)}&period=1d`);
  return e.total;
}

// A volume tile (gas, water): the meter's latest total and what it used today.
async function volumeTile(all, measurement, day, end) {
  const meter = meterWith(all, measurement, 'volume_m3');
  const tile = $(measurement + '-tile');
  tile.hidden = !meter;
  if (!meter) return;
  const latest = (await api(`/meters/${encodeURIComponent(meter)}/latest?measurement=${measurement}`)).measurements[measurement] || {};
  const v = latest.volume_m3;
  $(measurement + '-total').textContent = v ? v.value.toFixed(3) + ' m³' : '–';
  const used = await energy(meter, measurement, 'volume_m3', day, end);
  $(measurement + '-today').textContent = used.toFixed(3) + ' m³ today';
}

function plot(id, title, series, fromS, toS, onZoom) {
  const names = Object.keys(series);
  const times = [...new Set(names.flatMap(n => series[n].map(p => Date.parse(p.time) / 1000)))].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const columns = names.map(n => {
    const column = new Array(times.length).fill(null);
    for (const p of series[n]) column[index.get(Date.parse(p.time) / 1000)] = p.value !== undefined ? p.value : p.mean;
    return column;
  });
  const colors = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e'];
  const element = $(id);
  element.dataset.points = String(times.length);
  const options = {
    title, width: element.clientWidth - 16 || 900, height: 260,
    scales: { x: { time: true, min: fromS, max: toS } },
    series: [{}, ...names.map((n, i) => ({ label: n, stroke: colors[i % colors.length], spanGaps: false }))],
    cursor: { drag: { x: true, y: false } },
    hooks: { setSelect: [u => {
      if (u.select.width > 5) {
        onZoom(u.posToVal(u.select.left, 'x'), u.posToVal(u.select.left + u.select.width, 'x'));
      }
    }] },
  };
  if (charts[id]) charts[id].destroy();
  element.innerHTML = '';
  charts[id] = new uPlot(options, [times, ...columns], element);
  element.ondblclick = () => onZoom(null, null);
}

async function history(meter, fields, id, title, fromS, toS) {
  const step = stepFor(toS - fromS);
  const r = await api(`/meters/${encodeURIComponent(meter)}/readings?measurement=electricity&fields=${fields.join(',')}`
      + `&from=${Math.floor(fromS)}&to=${Math.ceil(toS)}&step=${step}&limit=100000`);
  const series = Object.fromEntries(Object.entries(r.series).filter(([, points]) => points.length > 0));
  plot(id, `${title} (${step})`, series, fromS, toS, (a, b) => {
    // a zoomed chart stays as the user left it until a double-click returns it to the live view
    zoom = a == null ? null : [a, b];
    drawCharts(meter).catch(showError);
  });
}

async function nodes() {
  const body = $('nodes').querySelector('tbody');
  body.innerHTML = '';
  for (const n of (await api('/nodes')).nodes) {
    const row = body.insertRow();
    const state = n.alerts.length ? n.alerts.join(', ') : 'OK';
    const cells = [n.node, state, localTime(n.lastSeen), n.batteryMv ? (n.batteryMv / 1000).toFixed(2) + ' V' : '–',
      n.rssiDbm != null ? n.rssiDbm + ' dBm' : '–', String(n.missedIntervals)];
    cells.forEach((text, i) => { const cell = row.insertCell(); cell.textContent = text; if (i === 1) cell.className = n.alerts.length ? 'alert' : 'ok'; });
  }
  if (!body.rows.length) {
    body.insertRow().insertCell().textContent = 'No meterman nodes (routes/examples/meterman.camel.yaml).';
  }
}

const kw = watts => watts == null ? '–' : (watts / 1000).toFixed(2) + ' kW';

// The Belgian capacity tariff, for a meter that sends its peak registers: this month's peak quarter hour, and what
// the grid fee is based on (the last 12 months' peaks, each at least 2.5 kW).
async function capacityTile(all, meter) {
  const shown = all[meter].some(f => f.field === 'power_peak_month_w');
  $('capacity-tile').hidden = !shown;
  if (!shown) return;
  const c = await api(`/meters/${encodeURIComponent(meter)}/capacity`);
  $('capacity-peak').textContent = kw(c.month_peak_w);
  $('capacity-year').textContent = `peak this month; ${kw(c.rolling_year_mean_w)} over the year, ${kw(c.quarter_average_w)} this quarter hour`;
}

const money = (currency, amount) => `${currency} ${amount.toFixed(2)}`;

// What the chosen meter and the home's gas meter cost today and this month under the tariffs (tariff.file), fixed
// charges included; hidden without tariffs, or for a meter they do not price.
async function costTile(all, meter, day, month, end) {
  const gas = meterWith(all, 'gas', 'volume_m3');
  let today = 0, sum = 0, currency = null;
  for (const m of gas && gas !== meter ? [meter, gas] : [meter]) {
    const c = await api(`/meters/${encodeURIComponent(m)}/costs?from=${iso(month)}&to=${iso(end)}&period=1d`).catch(() => null);
    if (!c) continue;
    currency = c.currency;
    sum += c.total.cost;
    today += c.periods.filter(p => Date.parse(p.start) >= day.getTime()).reduce((a, p) => a + p.cost, 0);
  }
  $('cost-tile').hidden = currency == null;
  if (currency == null) return;
  $('cost-today').textContent = money(currency, today);
  $('cost-month').textContent = `today; ${money(currency, sum)} this month, fixed charges included`;
}

let zoom = null;
let range = null;

async function drawCharts(meter) {
  const [fromS, toS] = zoom || range;
  await history(meter, ['power_import_w', 'power_export_w'], 'power-chart', 'Power (W)', fromS, toS);
  await history(meter, ['voltage_l1_v', 'voltage_l2_v', 'voltage_l3_v'], 'voltage-chart', 'Voltage (V)', fromS, toS);
}

// Every tile and chart, from the API; run at start and every few seconds after, so the page never needs a reload.
async function refresh() {
  const all = await meters();
  const meter = $('meter').value;
  if (!meter) {
    $('status').textContent = 'no readings stored yet';
    await nodes();
    return;
  }
  const now = showLive(await api(`/meters/${encodeURIComponent(meter)}/latest`));
  const day = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const month = new Date(now.getFullYear(), now.getMonth(), 1);
  const end = new Date(now.getTime() + 1000);
  $('today-energy').textContent = kwh(await energy(meter, 'electricity', null, day, end));
  $('month-energy').textContent = kwh(await energy(meter, 'electricity', null, month, end));
  await volumeTile(all, 'gas', day, end);
  await volumeTile(all, 'water', day, end);
  await capacityTile(all, meter);
  await costTile(all, meter, day, month, end);
  // the last day, or less where the store has less
  const toS = end.getTime() / 1000;
  const power = all[meter].find(f => f.field === 'power_import_w');
  range = [Math.max(toS - 86400, power ? Date.parse(power.first) / 1000 - 60 : 0), toS];
  await drawCharts(meter);
  await nodes();
  document.body.dataset.updates = String(Number(document.body.dataset.updates || 0) + 1);
  $('status').textContent = 'updated ' + new Date().toLocaleTimeString();
}

function showError(e) {
  $('status').textContent = 'error: ' + e.message;
}

// every 5 s unless the page's address says otherwise (?refresh=30 for a wall screen, ?refresh=1 to watch closely)
function refreshSeconds() {
  const asked = Number(new URLSearchParams(location.search).get('refresh'));
  return Number.isFinite(asked) && asked >= 1 ? Math.min(asked, 3600) : 5;
}

async function start() {
  try {
    $('meter').onchange = () => { zoom = null; refresh().catch(showError); };
    await refresh();
    document.body.dataset.ready = 'true';
  } catch (e) {
    showError(e);
    document.body.dataset.ready = 'error';
  }
  let busy = false;
  setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      await refresh();
    } catch (e) {
      showError(e);
    } finally {
      busy = false;
    }
  }, refreshSeconds() * 1000);
}

start();
