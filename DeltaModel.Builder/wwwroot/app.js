// The experiment builder's page: plain JavaScript, no build step, no CDN. The YAML text is the document; the form is
// generated from the JSON Schema the server generates from the config records, and every form change is a small edit
// of the YAML text made by the server, so comments and key order survive.
"use strict";

const token = new URLSearchParams(location.search).get("token") || "";
const state = { schema: null, path: null, yaml: "", tree: null, saved: "", runId: null, experiments: [] };
const $ = id => document.getElementById(id);

async function api(method, url, body) {
  const response = await fetch(url, {
    method, headers: { "X-DeltaModel-Token": token, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
  if (!response.ok) throw new Error(data.error || `HTTP ${response.status}`);
  return data;
}
const say = text => { $("message").textContent = text || ""; };
const guard = f => async (...args) => { try { say(""); await f(...args); } catch (e) { say(e.message); } };

// ---- views -------------------------------------------------------------------------------------------------------
function show(view) {
  for (const section of document.querySelectorAll("main > section")) section.hidden = section.id !== `view-${view}`;
  for (const button of document.querySelectorAll("nav button"))
    button.setAttribute("aria-current", button.dataset.view === view ? "page" : "false");
  if (view === "experiments" || view === "compare") guard(loadExperiments)();
  if (view === "results" && state.path) guard(loadResults)();
  if (view === "basins") guard(loadBasins)();
}

// ---- experiments -------------------------------------------------------------------------------------------------
const median = (results, metric) => results?.evaluation?.summary?.[metric]?.median;
const fmt = x => (typeof x === "number" ? x.toFixed(3) : "—");

async function loadExperiments() {
  state.experiments = await api("GET", "/api/experiments");
  const body = $("experiments").tBodies[0];
  body.replaceChildren(...state.experiments.map(e => {
    const row = document.createElement("tr");
    const open = button("Open", () => guard(openExperiment)(e.path));
    open.setAttribute("aria-label", `Open ${e.path}`);
    row.append(cell(e.path), cell(e.results?.finished ?? "—"), cell(fmt(median(e.results, "nse"))), cell(fmt(median(e.results, "kge"))), cell(open));
    return row;
  }));
  $("new-template").replaceChildren(...state.experiments.map(e => option(e.path, e.path)));
  const withResults = state.experiments.filter(e => e.results);
  for (const id of ["compare-a", "compare-b"]) {
    const keep = $(id).value;
    $(id).replaceChildren(...withResults.map(e => option(e.path, e.path)));
    if (keep) $(id).value = keep;
  }
  if (withResults.length > 1 && $("compare-a").value === $("compare-b").value) $("compare-b").selectedIndex = 1;
}
function cell(content) { const td = document.createElement("td"); td.append(content ?? ""); return td; }
function option(value, text) { const o = document.createElement("option"); o.value = value; o.textContent = text; return o; }
function button(text, onclick) { const b = document.createElement("button"); b.type = "button"; b.textContent = text; b.onclick = onclick; return b; }

async function openExperiment(path) {
  const file = await api("GET", `/api/file?path=${encodeURIComponent(path)}`);
  state.path = file.path; state.saved = file.yaml;
  $("editor-path").textContent = $("run-path").textContent = $("results-path").textContent = file.path;
  $("current").textContent = file.path;
  setYaml(file.yaml);
  show("editor");
  await check();
}

// ---- the form, generated from the schema -------------------------------------------------------------------------
const isSection = s => s && s.type === "object" && s.properties;
const at = (tree, key) => key.split(".").reduce((node, k) => (node && typeof node === "object" ? node[k] : undefined), tree);

function renderForm() {
  const form = $("form");
  form.replaceChildren();
  renderProperties(state.schema, "", form);
  fillForm();
}

function renderProperties(schema, prefix, container) {
  for (const [key, prop] of Object.entries(schema.properties)) {
    if (prop["x-alias-of"]) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (isSection(prop)) {
      const set = document.createElement("fieldset");
      const legend = document.createElement("legend");
      legend.textContent = path;
      if (prop.description) legend.title = prop.description;
      set.append(legend);
      renderProperties(prop, path, set);
      if (prop.allOf) renderBranches(prop, path, set);
      container.append(set);
    } else if (!(prop.type === "object" || (prop.type === "array" && isSection(prop.items)))) {
      if (path.endsWith("physics.dynamic_parameters")) continue;   // the parameter table below
      container.append(field(path, prop));
    }
  }
}

/** The keys a plug-in adds (network options) and a physics model's parameter table, for the chosen name. */
function renderBranches(schema, path, container) {
  const box = document.createElement("div");
  box.className = "branches";
  box.dataset.section = path;
  container.append(box);
}

function branchFor(schema, tree, path) {
  const selector = schema.allOf?.[0] && Object.keys(schema.allOf[0].if.properties)[0];
  const chosen = at(tree, `${path}.${selector}`) ?? schema.properties[selector]?.default;
  return schema.allOf?.find(b => b.if.properties[selector].const === chosen)?.then;
}

function fillBranches() {
  for (const box of document.querySelectorAll(".branches")) {
    const path = box.dataset.section;
    const schema = at(state.schema.properties, path.split(".").join(".properties."));
    const branch = branchFor(schema, state.tree, path);
    const signature = JSON.stringify(branch ?? null);
    if (box.dataset.signature === signature) continue;
    box.dataset.signature = signature;
    box.replaceChildren();
    if (!branch) continue;
    if (branch["x-parameters"]) box.append(parameterTable(path, branch["x-parameters"]));
    else renderProperties(branch, path, box);
  }
}

function parameterTable(path, parameters) {
  const table = document.createElement("table");
  table.className = "params";
  table.innerHTML = "<caption>Parameters (tick the dynamic ones)</caption><thead><tr><th>parameter</th><th>lower</th><th>upper</th><th>unit</th><th>dynamic</th><th>meaning</th></tr></thead>";
  const body = document.createElement("tbody");
  for (const p of parameters) {
    const tick = document.createElement("input");
    tick.type = "checkbox"; tick.id = `dyn-${p.name}`; tick.dataset.parameter = p.name; tick.disabled = !p.dynamic;
    tick.setAttribute("aria-label", `${p.name} dynamic`);
    tick.onchange = guard(async () => {
      const ticked = [...table.querySelectorAll("input[data-parameter]:checked")].map(t => t.dataset.parameter);
      await edit(`${path}.dynamic_parameters`, ticked);
    });
    const row = document.createElement("tr");
    row.append(cell(p.name), cell(String(p.lower)), cell(String(p.upper)), cell(p.unit), cell(tick), cell(p.description));
    body.append(row);
  }
  table.append(body);
  return table;
}

function field(path, prop) {
  const row = document.createElement("div");
  row.className = "field";
  const id = `f-${path.replaceAll(".", "__")}`;
  const label = document.createElement("label");
  label.htmlFor = id; label.textContent = path.split(".").pop();
  if (prop.description) label.title = prop.description;
  let input;
  const choices = prop.enum ?? (prop.type === "array" ? null : undefined);
  if (prop.enum) {
    input = document.createElement("select");
    input.append(option("", `(default${prop.default !== undefined ? ": " + prop.default : ""})`), ...prop.enum.map(v => option(v, v)));
  } else {
    input = document.createElement("input");
    input.type = prop.type === "boolean" ? "checkbox" : prop.format === "date" ? "date" : "text";
    if (prop.type === "integer" || prop.type === "number") input.inputMode = "decimal";
  }
  void choices;
  input.id = id; input.dataset.key = path; input.dataset.type = prop.type || "string";
  if (prop.description) input.title = prop.description;
  input.onchange = guard(async () => {
    let value;
    if (input.type === "checkbox") value = input.checked;
    else if (prop.type === "array") value = input.value.split(",").map(s => s.trim()).filter(s => s);
    else if (input.value === "") return;   // an empty field leaves the key as it is
    else value = input.value;
    await edit(path, value);
  });
  row.append(label, input);
  return row;
}

function fillForm() {
  fillBranches();
  for (const input of document.querySelectorAll("#form [data-key]")) {
    if (input === document.activeElement) continue;
    const value = at(state.tree, input.dataset.key);
    const prop = schemaAt(input.dataset.key);
    if (input.type === "checkbox") input.checked = value === undefined || value === null ? prop?.default === true : String(value) === "true";
    else if (Array.isArray(value)) input.value = value.join(", ");
    else input.value = value ?? "";
    if (input.tagName === "INPUT" && input.type !== "checkbox")
      input.placeholder = prop?.default !== undefined ? String(Array.isArray(prop.default) ? prop.default.join(", ") : prop.default) : "";
  }
  const dynamic = at(state.tree, "model.physics.dynamic_parameters");
  const ticked = new Set(Array.isArray(dynamic) ? dynamic : dynamic ? [dynamic] : []);
  for (const tick of document.querySelectorAll("input[data-parameter]")) tick.checked = ticked.has(tick.dataset.parameter);
}

function schemaAt(path) {
  let schema = state.schema;
  for (const key of path.split(".")) {
    const own = schema?.properties?.[key];
    const branch = schema?.allOf?.map(b => b.then.properties?.[key]).find(p => p);
    schema = own ?? branch;
  }
  return schema;
}

// ---- YAML, checks, edits -----------------------------------------------------------------------------------------
function setYaml(text) { state.yaml = text; if ($("yaml").value !== text) $("yaml").value = text; }

async function edit(key, value) {
  const result = await api("POST", "/api/edit", { yaml: state.yaml, key, value });
  setYaml(result.yaml);
  await check();
}

let checking = 0;
async function check() {
  const ticket = ++checking;
  const result = await api("POST", "/api/check", { path: state.path, yaml: state.yaml });
  if (ticket !== checking) return;   // a newer edit is being checked
  if (result.tree) state.tree = result.tree;
  $("errors").replaceChildren(...result.errors.map(e => {
    const li = document.createElement("li");
    li.textContent = e.line ? `line ${e.line}: ${e.message}` : e.message;
    return li;
  }));
  $("yaml").setAttribute("aria-invalid", String(!result.valid));
  $("validity").textContent = result.valid ? "valid" : `${result.errors.length} problem(s)`;
  $("validity").className = result.valid ? "ok" : "bad";
  fillForm();
}

let typing;
function onYamlInput() {
  state.yaml = $("yaml").value;
  clearTimeout(typing);
  typing = setTimeout(guard(check), 300);
}

async function save() {
  await api("POST", "/api/save", { path: state.path, yaml: state.yaml });
  state.saved = state.yaml;
  say(`saved ${state.path}`);
}

async function whatIf() {
  $("whatif-text").textContent = (await api("POST", "/api/whatif", { path: state.path, yaml: state.yaml })).text;
}

// ---- basins: the dataset's basins as a list and a map; the ticked ones go to data.basins (or the basin file) ------
const basins = { key: null, list: [], ticked: new Set(), file: null };

async function loadBasins() {
  if (!state.path) throw new Error("open an experiment first: its data.path names the dataset.");
  const key = `${state.path}|${JSON.stringify({ ...(state.tree?.data ?? {}), basins: null })}`;
  if (basins.key === key) return renderBasins();   // keep ticks not yet used
  $("basin-count").textContent = "reading the dataset…";
  const r = await api("POST", "/api/basins", { path: state.path, yaml: state.yaml });
  Object.assign(basins, { key, list: r.basins, file: r.basin_file, ticked: new Set(r.selected ?? r.basins.map(b => b.id)) });
  $("basins-source").textContent = `${r.folder} (${r.format})`;
  $("basins-apply").textContent = r.basin_file ? `Write the ticked basins to ${r.basin_file}` : "Use the ticked basins (data.basins)";
  renderBasins();
}

function shownBasins() {
  const filter = $("basin-filter").value.trim().toLowerCase();
  return basins.list.filter(b => !filter || b.id.toLowerCase().includes(filter) || (b.name ?? "").toLowerCase().includes(filter));
}

function renderBasins() {
  const shown = shownBasins();
  $("basin-table").tBodies[0].replaceChildren(...shown.map(b => {
    const tick = document.createElement("input");
    tick.type = "checkbox"; tick.id = `basin-${b.id}`; tick.checked = basins.ticked.has(b.id);
    tick.setAttribute("aria-label", `use basin ${b.id}`);
    tick.onchange = () => { toggleBasin(b.id, tick.checked); };
    const row = document.createElement("tr");
    row.append(cell(tick), cell(b.id), cell(b.name ?? "—"), cell(coord(b.lat)), cell(coord(b.lon)), cell(b.area == null ? "—" : Math.round(b.area).toString()));
    return row;
  }));
  const count = `${basins.ticked.size} of ${basins.list.length} basins ticked`;
  $("basin-count").textContent = shown.length < basins.list.length ? `${count} · ${shown.length} shown` : count;
  drawBasinMap(new Set(shown.map(b => b.id)));
}
const coord = x => (x == null ? "—" : x.toFixed(2));

function toggleBasin(id, on) {
  if (on) basins.ticked.add(id); else basins.ticked.delete(id);
  renderBasins();
}

function tickShown(on) { for (const b of shownBasins()) if (on) basins.ticked.add(b.id); else basins.ticked.delete(b.id); renderBasins(); }

/** Gauges on a plain longitude–latitude plot (equirectangular, fitted to the gauges): no tiles, no CDN. */
function drawBasinMap(shown) {
  const svg = $("basin-map"), W = 480, H = 300, pad = 16;
  const placed = basins.list.filter(b => b.lat != null && b.lon != null);
  if (placed.length === 0) { svg.innerHTML = `<text x="${W / 2}" y="${H / 2}" text-anchor="middle">the dataset gives no gauge coordinates</text>`; return; }
  const lats = placed.map(b => b.lat), lons = placed.map(b => b.lon);
  const [south, north, west, east] = [Math.min(...lats), Math.max(...lats), Math.min(...lons), Math.max(...lons)];
  const kx = Math.cos(((south + north) / 2) * Math.PI / 180);   // a degree of longitude is shorter away from the equator
  const spanX = Math.max((east - west) * kx, 1e-6), spanY = Math.max(north - south, 1e-6);
  const scale = Math.min((W - 2 * pad) / spanX, (H - 2 * pad) / spanY);
  const x = lon => pad + ((lon - west) * kx) * scale + ((W - 2 * pad) - spanX * scale) / 2;
  const y = lat => H - pad - (lat - south) * scale - ((H - 2 * pad) - spanY * scale) / 2;
  svg.innerHTML = `<rect x="0" y="0" width="${W}" height="${H}" fill="#f6f8fa"/>` + placed.map(b => {
    const on = basins.ticked.has(b.id), visible = shown.has(b.id);
    const fill = !visible ? "#d0d7de" : on ? "#0b5cad" : "#fff";
    return `<circle data-basin="${b.id}" cx="${x(b.lon).toFixed(1)}" cy="${y(b.lat).toFixed(1)}" r="5" fill="${fill}" stroke="${visible ? "#0b5cad" : "#aaa"}"><title>${b.id} ${escapeXml(b.name ?? "")}</title></circle>`;
  }).join("");
  for (const dot of svg.querySelectorAll("circle")) dot.onclick = () => toggleBasin(dot.dataset.basin, !basins.ticked.has(dot.dataset.basin));
}
const escapeXml = text => text.replace(/[<>&"]/g, c => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c]);

async function applyBasins() {
  const ids = basins.list.map(b => b.id).filter(id => basins.ticked.has(id));   // in the dataset's order
  if (ids.length === 0) throw new Error("tick at least one basin.");
  if (basins.file) {
    const written = await api("POST", "/api/basin-file", { path: state.path, yaml: state.yaml, basins: ids });
    say(`wrote ${written.count} basins to ${written.path}`);
    await check();
  } else {
    await edit("data.basins", ids);
    say(`data.basins: ${ids.length} basins`);
  }
  basins.key = `${state.path}|${JSON.stringify({ ...(state.tree?.data ?? {}), basins: null })}`;
}

// ---- run ---------------------------------------------------------------------------------------------------------
async function run() {
  if (state.yaml !== state.saved) await save();
  const started = await api("POST", "/api/runs", { path: state.path });
  state.runId = started.id;
  $("run-log").textContent = ""; $("run-state").textContent = "running"; $("cancel").disabled = false;
  $("progress").textContent = "starting…"; $("run-bar").value = 0;
  show("run");
  const events = new EventSource(`/api/runs/${started.id}/events?token=${encodeURIComponent(token)}`);
  events.addEventListener("log", e => { $("run-log").textContent += JSON.parse(e.data).line + "\n"; });
  events.addEventListener("progress", e => {
    const p = JSON.parse(e.data);
    $("run-bar").value = p.fraction;
    const loss = p.loss == null ? "" : ` · loss ${p.loss.toFixed(4)}`;
    const eta = p.eta == null ? "" : ` · ETA ${Math.round(p.eta)} s`;
    $("progress").textContent = p.phase === "train"
      ? `train: epoch ${p.epoch}/${p.epochs} · step ${p.step}/${p.steps}${loss}${eta}`
      : `${p.phase}: ${p.step}/${p.steps}${eta}`;
  });
  events.addEventListener("end", e => {
    events.close();
    const end = JSON.parse(e.data);
    $("cancel").disabled = true;
    $("run-state").textContent = end.error ? `${end.state}: ${end.error}` : end.state;
    if (end.state === "finished") { $("run-bar").value = 1; guard(loadResults)().then(() => show("results")); }
  });
}

async function cancel() {
  if (state.runId) await api("POST", `/api/runs/${state.runId}/cancel`, {});
  $("run-state").textContent = "cancelling… (the last finished epoch's checkpoint is kept)";
}

// ---- results -----------------------------------------------------------------------------------------------------
async function loadResults() {
  const view = await api("GET", `/api/results?path=${encodeURIComponent(state.path)}`);
  lineChart($("loss-chart"), view.curve?.map(c => c.epoch) ?? [], [{ values: view.curve?.map(c => c.loss) ?? [], color: "#0b5cad", label: "loss" }]);
  const h = view.hydrograph;
  $("hydro-caption").textContent = h ? `Hydrograph, basin ${h.basin} (test period)` : "Hydrograph (no test simulation yet)";
  lineChart($("hydro-chart"), h?.dates ?? [], h ? [{ values: h.observed, color: "#57606a", label: "observed" }, { values: h.simulated, color: "#0b5cad", label: "simulated" }] : []);
  const table = $("metrics");
  table.replaceChildren();
  if (view.metrics) {
    const head = table.createTHead().insertRow();
    for (const name of view.metrics.header) head.append(Object.assign(document.createElement("th"), { textContent: name }));
    const body = table.createTBody();
    for (const r of view.metrics.rows) { const row = body.insertRow(); for (const c of r) row.insertCell().textContent = number(c); }
  }
  return view;
}
const number = text => { const x = Number(text); return text !== "" && Number.isFinite(x) && !/^0\d/.test(text) ? (Number.isInteger(x) ? text : x.toFixed(3)) : text; };

function lineChart(svg, xs, series) {
  const W = 480, H = 240, L = 50, B = 30, T = 10, R = 10;
  const all = series.flatMap(s => s.values).filter(v => v != null);
  svg.replaceChildren();
  if (all.length === 0) { svg.innerHTML = `<text x="${W / 2}" y="${H / 2}" text-anchor="middle">no data yet</text>`; return; }
  let lo = Math.min(...all), hi = Math.max(...all);
  if (hi === lo) { hi += 1; lo -= 1; }
  const n = Math.max(...series.map(s => s.values.length));
  const x = i => L + (n <= 1 ? 0.5 : i / (n - 1)) * (W - L - R);
  const y = v => T + (1 - (v - lo) / (hi - lo)) * (H - T - B);
  let out = `<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="#888"/><line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="#888"/>`;
  out += `<text x="${L - 4}" y="${T + 8}" text-anchor="end" font-size="10">${hi.toPrecision(3)}</text><text x="${L - 4}" y="${H - B}" text-anchor="end" font-size="10">${lo.toPrecision(3)}</text>`;
  out += `<text x="${L}" y="${H - 8}" font-size="10">${xs[0] ?? ""}</text><text x="${W - R}" y="${H - 8}" text-anchor="end" font-size="10">${xs[n - 1] ?? ""}</text>`;
  series.forEach((s, k) => {
    const points = s.values.map((v, i) => (v == null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`)).filter(p => p).join(" ");
    out += n === 1 ? s.values.map((v, i) => `<circle cx="${x(i)}" cy="${y(v)}" r="3" fill="${s.color}"/>`).join("")
                   : `<polyline fill="none" stroke="${s.color}" stroke-width="1.2" points="${points}"/>`;
    out += `<text x="${W - R - 80}" y="${T + 12 + 12 * k}" font-size="10" fill="${s.color}">${s.label}</text>`;
  });
  svg.innerHTML = out;
}

// ---- compare -----------------------------------------------------------------------------------------------------
async function compare() {
  const [a, b] = [$("compare-a").value, $("compare-b").value];
  if (!a || !b) throw new Error("choose two runs with results.");
  const [ra, rb] = await Promise.all([a, b].map(p => api("GET", `/api/results?path=${encodeURIComponent(p)}`)));
  const table = $("compare-table");
  table.replaceChildren();
  const head = table.createTHead().insertRow();
  for (const t of ["", a, b]) head.append(Object.assign(document.createElement("th"), { textContent: t }));
  const body = table.createTBody();
  const add = (name, va, vb, diff) => {
    const row = body.insertRow();
    row.insertCell().textContent = name; row.insertCell().textContent = va ?? "—"; row.insertCell().textContent = vb ?? "—";
    if (diff) row.className = "diff";
  };
  const summary = r => r.results?.evaluation?.summary ?? {};
  const metrics = [...new Set([...Object.keys(summary(ra)), ...Object.keys(summary(rb))])];
  for (const m of metrics) add(`median ${m}`, fmt(summary(ra)[m]?.median), fmt(summary(rb)[m]?.median), false);
  add("training seconds", fmt(ra.results?.training?.seconds), fmt(rb.results?.training?.seconds), false);
  const keys = [...new Set([...Object.keys(ra.config ?? {}), ...Object.keys(rb.config ?? {})])].filter(k => k !== "name");
  for (const k of keys) if ((ra.config ?? {})[k] !== (rb.config ?? {})[k]) add(k, ra.config?.[k], rb.config?.[k], true);
}

// ---- start -------------------------------------------------------------------------------------------------------
async function start() {
  state.schema = await api("GET", "/api/schema");
  renderForm();
  for (const b of document.querySelectorAll("nav button")) b.onclick = () => show(b.dataset.view);
  $("yaml").addEventListener("input", onYamlInput);
  $("save").onclick = guard(save);
  $("whatif").onclick = guard(whatIf);
  $("run").onclick = guard(run);
  $("cancel").onclick = guard(cancel);
  $("compare").onclick = guard(compare);
  $("basin-filter").addEventListener("input", renderBasins);
  $("basins-tick").onclick = () => tickShown(true);
  $("basins-untick").onclick = () => tickShown(false);
  $("basins-apply").onclick = guard(applyBasins);
  $("new-form").onsubmit = e => { e.preventDefault(); guard(async () => {
    const created = await api("POST", "/api/new", { name: $("new-name").value, template: $("new-template").value });
    await openExperiment(created.path);
  })(); };
  show("experiments");
}
guard(start)();
