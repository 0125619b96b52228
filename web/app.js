// magetoken page: wires the form to the magetoken namespace that main.wasm
// registers. No framework; every piece of text from a store or a file is
// inserted with textContent. Nothing secret is stored, logged to the
// console or put in a URL.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);

  const state = {
    ready: false,
    busy: 0,
    token: "", // normalised token from the last decode; never logged whole
    decoded: null,
    logLevel: 20, // kept from an imported file for the next export
    logFile: null,
    server: null, // GET /magetoken.json, or null when not served by magetoken
    timer: 0,
    lastLogged: "",
    decodeLog: 0,
  };

  // ---------------------------------------------------------------- activity log

  const LOG_MAX = 200;

  function log(level, message) {
    const list = $("activity-log");
    const item = document.createElement("li");
    item.dataset.level = level;
    const now = new Date();
    const time = document.createElement("time");
    time.dateTime = now.toISOString();
    time.textContent = now.toLocaleTimeString([], { hour12: false });
    const lvl = document.createElement("span");
    lvl.className = "level";
    lvl.textContent = level;
    const msg = document.createElement("span");
    msg.className = "message";
    msg.textContent = message;
    item.append(time, lvl, msg);
    list.append(item);
    while (list.children.length > LOG_MAX) list.firstElementChild.remove();
    list.scrollTop = list.scrollHeight;
  }

  // fingerprint shows enough of a token to tell two apart in the log.
  function fingerprint(token) {
    if (!token) return "(none)";
    return token.slice(0, 6) + "…";
  }

  // ---------------------------------------------------------------- status lines

  // setStatus fills a status element: a headline, an optional hint (what to
  // do next) and an optional detail (the store's own words).
  function setStatus(el, st, parts = {}) {
    el.dataset.state = st;
    if (parts.kind) el.dataset.kind = parts.kind;
    else delete el.dataset.kind;
    const nodes = [];
    for (const [cls, text] of [["headline", parts.headline], ["hint", parts.hint],
      ["detail", parts.detail]]) {
      if (!text) continue;
      const p = document.createElement("p");
      p.className = cls;
      p.textContent = text;
      nodes.push(p);
    }
    if (parts.list && parts.list.length) {
      const ul = document.createElement("ul");
      for (const text of parts.list) {
        const li = document.createElement("li");
        li.textContent = text;
        ul.append(li);
      }
      nodes.push(ul);
    }
    el.replaceChildren(...nodes);
  }

  function clearStatus(el) {
    setStatus(el, "idle");
  }

  // errorParts turns a rejected magetoken call into status parts.
  function errorParts(err, headline) {
    const kind = (err && err.kind) || "internal";
    const message = (err && err.message) || String(err);
    const title = headline || (err && err.title) || message;
    const parts = { kind, headline: title, hint: err && err.hint };
    if (message !== title) parts.detail = message;
    return parts;
  }

  function showError(el, err, headline) {
    setStatus(el, "error", errorParts(err, headline));
  }

  // ---------------------------------------------------------------- settings

  function settings() {
    return {
      domain: $("domain").value.trim(),
      local: $("protocol").value === "http",
      scope: $("scope").value.trim(),
      userAgent: $("user-agent").value.trim(),
      route: $("route").value,
      proxyPrefix: location.origin + "/proxy",
    };
  }

  function routeText(s) {
    return s.route === "server" ? "through this server" : "directly";
  }

  // parsedDomain returns the cleaned domain, or "" with the reason.
  function parsedDomain(text) {
    if (!text) return { domain: "", error: "" };
    const d = magetoken.parseDomain(text);
    return { domain: d.error ? "" : d.domain, local: d.local, scope: d.scope, error: d.error };
  }

  function onDomainChange() {
    const input = $("domain");
    const raw = input.value.trim();
    hideCode();
    if (!raw) {
      $("domain-note").dataset.state = "";
      updateRouteNote();
      return;
    }
    const d = parsedDomain(raw);
    if (d.error) {
      log("warn", "Domain not understood: " + d.error);
    } else {
      if (/^https:\/\//i.test(raw)) $("protocol").value = "https";
      if (d.local) $("protocol").value = "http";
      if (d.scope && !$("scope").value.trim()) $("scope").value = d.scope;
      if (d.domain !== raw) {
        input.value = d.domain;
        log("info", "Domain cleaned up to " + d.domain);
      }
    }
    updateRouteNote();
  }

  function storeKey(domain, local) {
    return (local ? "http://" : "https://") + domain.toLowerCase();
  }

  function updateRouteNote() {
    const note = $("route-warning");
    const s = settings();
    const d = parsedDomain(s.domain);
    let text = "";
    if (s.route === "server") {
      if (!state.server) {
        text = "This page is not served by the magetoken server, so nothing can be forwarded. " +
          "Start it with: make run, or choose 'directly from this browser'.";
      } else if (d.domain && !serverStores().has(storeKey(d.domain, s.local))) {
        text = "This server does not forward to " + d.domain + ". Restart it with -store " +
          (s.local ? "http://" : "https://") + d.domain + ", or pick one of the stores above.";
      }
    } else if (d.domain) {
      const sameOrigin = d.domain.split("/")[0].toLowerCase() === location.host.toLowerCase();
      if (!sameOrigin) {
        text = "Another site: the browser will only get an answer if the store sends CORS " +
          "headers. If the request fails, choose 'through this server'.";
      }
    }
    note.textContent = text;
    note.hidden = !text;
  }

  function serverStores() {
    const set = new Set();
    for (const st of (state.server && state.server.stores) || []) {
      const d = parsedDomain(st.url);
      if (d.domain) set.add(storeKey(d.domain, /^http:\/\//i.test(st.url)));
    }
    return set;
  }

  // ---------------------------------------------------------------- busy states

  const NETWORK_BUTTONS = ["login", "validate"];

  function updateBusy() {
    const busy = state.busy > 0;
    for (const id of NETWORK_BUTTONS) $(id).disabled = busy || !state.ready;
    $("cancel").disabled = !busy;
    $("busy-bar").hidden = !busy;
    document.body.setAttribute("aria-busy", busy ? "true" : "false");
  }

  // network runs one network call with its button, status and section in
  // the busy state, and always leaves them idle again.
  async function network({ button, status, section, busyText }, work) {
    state.busy++;
    button.dataset.state = "busy";
    section.setAttribute("aria-busy", "true");
    setStatus(status, "busy", { headline: busyText });
    updateBusy();
    try {
      return await work();
    } finally {
      state.busy--;
      button.dataset.state = "idle";
      section.setAttribute("aria-busy", "false");
      updateBusy();
    }
  }

  function onCancel() {
    const n = magetoken.cancel();
    log("warn", n === 1 ? "Canceled the running request." : "Canceled " + n + " running requests.");
  }

  // ---------------------------------------------------------------- login

  function hideCode() {
    if ($("otp-row").hidden) return;
    $("otp-row").hidden = true;
    $("otp").value = "";
  }

  function showCode() {
    const row = $("otp-row");
    row.hidden = false;
    $("otp").focus();
  }

  function missing(status, field, headline) {
    setStatus(status, "error", { kind: "missingInput", headline });
    $(field).focus();
  }

  async function onLogin(ev) {
    ev.preventDefault();
    if (state.busy || !state.ready) return;
    const status = $("login-status");
    const s = settings();
    const username = $("username").value.trim();
    const password = $("password").value;
    if (!s.domain) return missing(status, "domain", "Enter the store's domain in step 1 first.");
    if (!username) return missing(status, "username", "Enter the admin username.");
    if (!password) return missing(status, "password", "Enter the password.");

    const withCode = !$("otp-row").hidden;
    const otp = $("otp").value.replace(/\s+/g, "");
    if (withCode && !/^[0-9]{6,8}$/.test(otp)) {
      return missing(status, "otp", "Enter the 6-digit code from Google Authenticator.");
    }

    log("info", "Logging in to " + s.domain + " as " + username +
      (withCode ? " with a two-factor code" : "") + ", " + routeText(s) + ".");
    const opts = {
      button: $("login"), status, section: $("login-section"),
      busyText: withCode ? "Logging in with the code…" : "Logging in…",
    };
    try {
      const res = await network(opts, () => withCode
        ? magetoken.loginWithCode(s, username, password, otp)
        : magetoken.login(s, username, password));
      hideCode();
      $("token-input").value = res.token;
      decode(true);
      const n = (res.websites || []).length;
      setStatus(status, "ok", {
        headline: "Logged in as " + username + ".",
        hint: "The store issued a token and accepts it (" + plural(n, "website") + "). " +
          "It is shown in step 3; download it in step 5.",
      });
      showStoreInfo(res.websites, res.storeViews);
      setStatus($("validate-status"), "ok", {
        headline: "The store accepted the new token.",
      });
      log("info", "Logged in as " + username + ": token " + fingerprint(res.token) + " received.");
    } catch (err) {
      onLoginError(err, status, username);
    }
  }

  function onLoginError(err, status, username) {
    const kind = err && err.kind;
    if (kind === "twoFactorRequired") {
      showError(status, err);
      const providers = err.activeProviders || [];
      if (providers.length === 0 || providers.includes("google")) {
        showCode();
        log("info", "The store asks " + username + " for a two-factor code.");
      } else {
        log("warn", "The store asks " + username + " for a second factor this page cannot " +
          "give (" + providers.join(", ") + ").");
      }
      return;
    }
    if (err && err.token) {
      // The store issued a token but the check refused it: show it anyway,
      // since it may work for what the role allows.
      hideCode();
      $("token-input").value = err.token;
      decode(true);
    }
    if (kind === "invalidCode") {
      $("otp").value = "";
      showError(status, err, "The code was not accepted.");
      $("otp").focus();
    } else if (kind === "badCredentials") {
      showError(status, err, "The store refused the username or password.");
    } else if (kind === "canceled") {
      showError(status, err, "Login canceled.");
    } else {
      showError(status, err);
    }
    log(kind === "canceled" ? "warn" : "error", "Login failed: " + errorLine(err));
  }

  function errorLine(err) {
    if (!err) return "unknown error";
    const status = err.status ? " (HTTP " + err.status + ")" : "";
    return (err.message || String(err)) + status;
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  // ---------------------------------------------------------------- token

  const STATUS_STATE = {
    valid: "ok", expired: "error", notyet: "error", nonadmin: "error", broken: "error",
    encrypted: "idle", opaque: "idle", empty: "idle",
  };

  function decode(fromLogin) {
    const v = magetoken.decodeToken($("token-input").value, { nowMs: Date.now() });
    state.decoded = v;
    state.token = v.token || "";
    renderToken(v);
    startCountdown();

    // Log a decode once the text settles, not on every keystroke.
    clearTimeout(state.decodeLog);
    state.decodeLog = setTimeout(() => logDecode(v), fromLogin ? 0 : 700);
  }

  function logDecode(v) {
    const key = v.status + ":" + v.token;
    if (v.status === "empty" || key === state.lastLogged) return;
    state.lastLogged = key;
    const level = STATUS_STATE[v.status] === "error" ? "warn" : "info";
    log(level, "Token " + fingerprint(v.token) + ": " + v.statusText);
  }

  function renderToken(v) {
    const cleaned = v.cleaned || [];
    $("token-cleaned").textContent = cleaned.length ? "Cleaned up: " + cleaned.join("; ") + "." : "";

    const st = $("token-status");
    st.dataset.status = v.status;
    st.dataset.state = STATUS_STATE[v.status] || "idle";
    if (st.dataset.state === "error") st.dataset.kind = v.status;
    else delete st.dataset.kind;
    st.textContent = v.statusText || "";

    $("token-details").hidden = v.status === "empty";
    $("token-user-type").textContent = v.userTypeName
      ? v.userTypeName + (v.userId ? " (user ID " + v.userId + ")" : "")
      : "–";
    $("token-issued").textContent = formatTime(v.issuedAtMs);
    $("token-expires").textContent = formatTime(v.expiresAtMs);

    const warnings = (v.warnings || []).slice();
    if (v.signatureError) warnings.push("Signature part: " + v.signatureError);
    const list = $("token-warnings");
    list.replaceChildren(...warnings.map((w) => {
      const li = document.createElement("li");
      li.textContent = w;
      return li;
    }));

    setPart($("token-header"), v.headerJSON, v.headerError);
    setPart($("token-claims"), v.claimsJSON, v.claimsError);
    clearStatus($("signature-status"));
  }

  function setPart(el, json, error) {
    if (error) {
      el.dataset.state = "error";
      el.textContent = "Could not decode: " + error;
    } else {
      el.dataset.state = "ok";
      el.textContent = json || "";
    }
  }

  const timeFormat = new Intl.DateTimeFormat(undefined, {
    dateStyle: "medium", timeStyle: "long",
  });

  function formatTime(ms) {
    if (!ms) return "–";
    return timeFormat.format(new Date(ms));
  }

  function formatDuration(ms) {
    let s = Math.floor(ms / 1000);
    const d = Math.floor(s / 86400);
    s -= d * 86400;
    const h = Math.floor(s / 3600);
    s -= h * 3600;
    const m = Math.floor(s / 60);
    s -= m * 60;
    const pad = (n) => String(n).padStart(2, "0");
    if (d > 0) return d + " d " + h + " h " + pad(m) + " min";
    if (h > 0) return h + " h " + pad(m) + " min " + pad(s) + " s";
    if (m > 0) return m + " min " + pad(s) + " s";
    return s + " s";
  }

  function startCountdown() {
    clearInterval(state.timer);
    state.timer = 0;
    const v = state.decoded;
    if (v && v.expiresAtMs) {
      state.timer = setInterval(tick, 1000);
    }
    tick();
  }

  function tick() {
    const el = $("token-countdown");
    const v = state.decoded;
    if (!v || !v.expiresAtMs) {
      el.textContent = v && v.status === "opaque" ? "not in the token" : "–";
      el.dataset.state = "none";
      return;
    }
    const left = v.expiresAtMs - Date.now();
    if (left > 0) {
      el.textContent = formatDuration(left);
      el.dataset.state = left < 5 * 60 * 1000 ? "soon" : "ok";
      return;
    }
    el.textContent = "expired";
    el.dataset.state = "expired";
    clearInterval(state.timer);
    state.timer = 0;
    if (v.status !== "expired" && v.status !== "broken") {
      // The token ran out while the page was open: decode again so the
      // status says so too.
      log("warn", "Token " + fingerprint(v.token) + " has expired.");
      decode(true);
    }
  }

  function onVerify(ev) {
    ev.preventDefault();
    const status = $("signature-status");
    const key = $("crypt-key");
    if (!state.token) {
      setStatus(status, "error", { kind: "noToken", headline: "Paste or get a token first." });
      $("token-input").focus();
      return;
    }
    if (!key.value.trim()) {
      setStatus(status, "error", {
        kind: "missingInput",
        headline: "Enter the store's encryption key (crypt/key in app/etc/env.php).",
      });
      key.focus();
      return;
    }
    const r = magetoken.verifySignature(state.token, key.value);
    if (r.ok) {
      setStatus(status, "ok", {
        headline: "The signature matches this key.",
        hint: "The token was issued by the store that holds this key, and nobody changed it.",
      });
      log("info", "Signature of token " + fingerprint(state.token) + " matches the key.");
    } else {
      setStatus(status, "error", {
        kind: r.kind || "badSignature",
        headline: "The signature does not match.",
        hint: r.error,
      });
      log("warn", "Signature of token " + fingerprint(state.token) + " not confirmed: " + r.error);
    }
  }

  // ---------------------------------------------------------------- validate

  async function onValidate() {
    if (state.busy || !state.ready) return;
    const status = $("validate-status");
    const s = settings();
    if (!s.domain) return missing(status, "domain", "Enter the store's domain in step 1 first.");
    if (!state.token) {
      const pasted = $("token-input").value.trim() !== "";
      setStatus(status, "error", pasted
        ? { kind: "malformedToken", headline: "The text in the token box is not a token.",
          hint: "Paste the whole token, as the store gave it, or log in." }
        : { kind: "noToken", headline: "Log in or paste a token first." });
      $("token-input").focus();
      return;
    }
    if (state.decoded && state.decoded.status === "expired") {
      log("warn", "The token has expired by its own claims; asking the store anyway.");
    }
    log("info", "Validating token " + fingerprint(state.token) + " with " + s.domain + ", " +
      routeText(s) + ".");
    const opts = {
      button: $("validate"), status, section: $("validate-section"),
      busyText: "Asking the store…",
    };
    try {
      const res = await network(opts, () => magetoken.validate(s, state.token));
      const n = (res.websites || []).length;
      setStatus(status, "ok", {
        headline: "The store accepts this token.",
        hint: "It has " + plural(n, "website") + ".",
      });
      showStoreInfo(res.websites, res.storeViews);
      log("info", "The store accepts token " + fingerprint(state.token) + " (" +
        plural(n, "website") + ").");
    } catch (err) {
      $("store-info").hidden = true;
      const headline = err && err.kind === "unauthorized"
        ? "The store refused the token." : undefined;
      showError(status, err, headline);
      log(err && err.kind === "canceled" ? "warn" : "error", "Validation failed: " + errorLine(err));
    }
  }

  function row(name, meta) {
    const li = document.createElement("li");
    const n = document.createElement("span");
    n.className = "name";
    n.textContent = name;
    const m = document.createElement("span");
    m.className = "meta";
    m.textContent = meta;
    li.append(n, m);
    return li;
  }

  function showStoreInfo(websites, views) {
    websites = websites || [];
    views = views || [];
    $("websites").replaceChildren(...websites.map((w) =>
      row(w.name || w.code, "code " + w.code + " · ID " + w.id)));
    $("store-views").replaceChildren(...views.map((v) =>
      row(v.name || v.code, "code " + v.code + " · website ID " + v.websiteId +
        (v.isActive ? "" : " · inactive"))));
    $("store-views-box").hidden = views.length === 0;
    $("store-info").hidden = websites.length === 0 && views.length === 0;
  }

  // ---------------------------------------------------------------- export

  function onExport() {
    const status = $("export-status");
    const s = settings();
    const d = parsedDomain(s.domain);
    if (d.error) {
      setStatus(status, "error", {
        kind: "invalidDomain", headline: "Fix the store domain in step 1 first.", hint: d.error,
      });
      $("domain").focus();
      return;
    }
    const withPassword = $("export-password").checked;
    const config = {
      domain: d.domain,
      username: $("username").value.trim(),
      password: $("password").value,
      scope: s.scope,
      userAgent: s.userAgent,
      local: s.local,
      token: state.token,
      logLevel: state.logLevel,
      logFile: state.logFile,
    };
    const out = magetoken.exportConfig(config, withPassword);
    if (typeof out !== "string") {
      showError(status, out, "The file could not be written.");
      log("error", "Download failed: " + errorLine(out));
      return;
    }
    const blob = new Blob([out], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = "magento-config.json";
    a.hidden = true;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);

    const what = [state.token ? "token " + fingerprint(state.token) : "no token",
      withPassword && config.password ? "with the password" : "without the password"];
    setStatus(status, "ok", {
      headline: "Downloaded magento-config.json (" + what.join(", ") + ").",
      hint: state.token ? "It holds a live token: keep it private." : "",
    });
    log("info", "Downloaded magento-config.json (" + what.join(", ") + ").");
  }

  // ---------------------------------------------------------------- import

  const IMPORT_MAX = 1 << 20;

  async function onImportFile(file) {
    if (!file) return;
    if (file.size > IMPORT_MAX) {
      importFailed(file.name, "The file is too large to be a configuration file.");
      return;
    }
    let text;
    try {
      text = await file.text();
    } catch (err) {
      importFailed(file.name, "The file could not be read: " + (err && err.message));
      return;
    }
    importText(text, file.name);
  }

  function importFailed(source, message) {
    $("import-problems").replaceChildren();
    setStatus($("import-status"), "error", { kind: "invalidConfig", headline: message });
    log("error", "Could not load " + source + ": " + message);
  }

  // problem lists one import problem; the key it names, in quotes, is shown
  // as code and kept in data-key.
  function problem(level, text) {
    const li = document.createElement("li");
    li.dataset.level = level;
    const named = /"([A-Za-z_][\w-]{0,40})"/.exec(text);
    if (named) li.dataset.key = named[1];
    if (named && named.index === 0) {
      const code = document.createElement("code");
      code.textContent = named[1];
      li.append(code, text.slice(named[0].length));
    } else {
      li.textContent = text;
    }
    return li;
  }

  function importText(text, source) {
    const status = $("import-status");
    const problems = $("import-problems");
    if (!text.trim()) {
      importFailed(source, "There is nothing to load: the text is empty.");
      return;
    }
    const r = magetoken.importConfig(text);
    const errors = r.errors || [];
    const warnings = r.warnings || [];
    problems.replaceChildren(...errors.map((e) => problem("error", e)),
      ...warnings.map((w) => problem("warn", w)));
    if (errors.length || !r.config) {
      setStatus(status, "error", {
        kind: "invalidConfig",
        headline: "Not loaded: " + plural(errors.length, "problem") + " in " + source + ".",
        hint: "Fix the keys listed below and load the file again. The form was not changed.",
      });
      log("error", "Could not load " + source + ": " + errors.join("; "));
      return;
    }
    fillForm(r.config);
    setStatus(status, "ok", {
      headline: "Loaded " + source + (r.config.domain ? " for " + r.config.domain : "") + ".",
      hint: warnings.length ? plural(warnings.length, "warning") + ": see below." : "",
    });
    log(warnings.length ? "warn" : "info", "Loaded " + source + (r.config.token
      ? " with token " + fingerprint(r.config.token) : " without a token") +
      (warnings.length ? " (" + plural(warnings.length, "warning") + ")" : "") + ".");
  }

  function fillForm(c) {
    $("domain").value = c.domain || "";
    $("protocol").value = c.local ? "http" : "https";
    $("scope").value = c.scope || "";
    $("user-agent").value = c.userAgent || "";
    $("username").value = c.username || "";
    $("password").value = c.password || "";
    hideCode();
    state.logLevel = typeof c.logLevel === "number" ? c.logLevel : 20;
    state.logFile = typeof c.logFile === "string" ? c.logFile : null;
    $("token-input").value = c.token || "";
    decode(true);
    $("store-info").hidden = true;
    clearStatus($("login-status"));
    clearStatus($("validate-status"));
    updateRouteNote();
  }

  function wireDrop() {
    const zone = $("import-drop");
    const hasFiles = (ev) => ev.dataTransfer && Array.from(ev.dataTransfer.types).includes("Files");
    zone.addEventListener("dragenter", (ev) => {
      if (!hasFiles(ev)) return;
      ev.preventDefault();
      zone.dataset.over = "true";
    });
    zone.addEventListener("dragover", (ev) => {
      if (!hasFiles(ev)) return;
      ev.preventDefault();
      ev.dataTransfer.dropEffect = "copy";
      zone.dataset.over = "true";
    });
    zone.addEventListener("dragleave", (ev) => {
      if (!zone.contains(ev.relatedTarget)) zone.dataset.over = "false";
    });
    zone.addEventListener("drop", (ev) => {
      ev.preventDefault();
      zone.dataset.over = "false";
      const file = ev.dataTransfer && ev.dataTransfer.files[0];
      if (file) onImportFile(file);
    });
    // A file dropped next to the zone must not replace the page.
    for (const type of ["dragover", "drop"]) {
      window.addEventListener(type, (ev) => {
        if (hasFiles(ev) && !zone.contains(ev.target)) ev.preventDefault();
      });
    }
  }

  // ---------------------------------------------------------------- server info and demo

  async function loadServerInfo() {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), 3000);
    try {
      const res = await fetch("/magetoken.json", {
        signal: ctl.signal, cache: "no-store", headers: { Accept: "application/json" },
      });
      if (!res.ok) throw new Error("HTTP " + res.status);
      const info = await res.json();
      if (!info || typeof info !== "object") throw new Error("not an object");
      state.server = info;
    } catch {
      state.server = null;
    } finally {
      clearTimeout(timer);
    }
    renderServerInfo();
  }

  function renderServerInfo() {
    const info = state.server;
    const option = $("route").querySelector('option[value="server"]');
    if (!info) {
      option.textContent = "through this server (needs make run)";
      log("info", "Not served by the magetoken server: only direct connections are possible.");
      return;
    }
    const stores = Array.isArray(info.stores) ? info.stores : [];
    const list = $("server-store-list");
    list.replaceChildren(...stores.map((st) => {
      const li = document.createElement("li");
      const url = document.createElement("code");
      url.textContent = st.url;
      const use = document.createElement("button");
      use.type = "button";
      use.className = "secondary";
      use.textContent = "Use";
      use.setAttribute("aria-label", "Use " + st.url + " through this server");
      use.addEventListener("click", () => useStore(st.url));
      li.append(url, use);
      return li;
    }));
    $("server-stores").hidden = stores.length === 0;
    if (stores.length === 0) option.textContent = "through this server (start it with -store)";

    const demo = info.demo;
    if (demo && Array.isArray(demo.accounts) && demo.accounts.length) {
      renderDemo(demo);
      log("info", "This server runs a demo store at " + location.host + (demo.path || "/demo") + ".");
    }
  }

  function useStore(url) {
    const d = parsedDomain(url);
    if (d.error) return;
    $("domain").value = d.domain;
    $("protocol").value = /^http:\/\//i.test(url) ? "http" : "https";
    $("route").value = "server";
    hideCode();
    updateRouteNote();
    log("info", "Using " + d.domain + " through this server.");
    $("username").focus();
  }

  function renderDemo(demo) {
    const list = $("demo-accounts");
    list.replaceChildren(...demo.accounts.map((acc) => {
      const li = document.createElement("li");
      const user = document.createElement("code");
      user.textContent = acc.username;
      const pass = document.createElement("code");
      pass.textContent = acc.password;
      const what = acc.twoFactor
        ? " — asks for a Google Authenticator code (the server printed the secret when it started)."
        : " — password only.";
      const use = document.createElement("button");
      use.type = "button";
      use.className = "secondary";
      use.textContent = "Use";
      use.setAttribute("aria-label", "Use the demo account " + acc.username);
      use.addEventListener("click", () => fillDemo(acc));
      li.append(user, " / ", pass, what, use);
      return li;
    }));
    if (typeof demo.cryptKey === "string" && demo.cryptKey) {
      const key = $("demo-key");
      const code = document.createElement("code");
      code.textContent = demo.cryptKey;
      key.replaceChildren("Its encryption key, for the signature check in step 3: ", code, ".");
      key.hidden = false;
    }
    $("demo").hidden = false;
    $("demo-fill").hidden = false;
  }

  function fillDemo(account) {
    const demo = state.server && state.server.demo;
    if (!demo) return;
    const acc = account || demo.accounts.find((a) => !a.twoFactor) || demo.accounts[0];
    $("domain").value = location.host + (demo.path || "/demo");
    $("protocol").value = location.protocol === "https:" ? "https" : "http";
    $("scope").value = "";
    $("route").value = "direct";
    $("username").value = acc.username;
    $("password").value = acc.password;
    hideCode();
    clearStatus($("login-status"));
    updateRouteNote();
    log("info", "Filled in the demo store and the account " + acc.username + ".");
    $("login").focus();
  }

  // ---------------------------------------------------------------- start up

  function wire() {
    $("version").textContent = magetoken.version || "";
    $("domain").addEventListener("change", onDomainChange);
    $("protocol").addEventListener("change", updateRouteNote);
    $("route").addEventListener("change", () => {
      updateRouteNote();
      log("info", "Connecting " + routeText(settings()) + ".");
    });
    $("username").addEventListener("change", hideCode);
    $("login-form").addEventListener("submit", onLogin);
    $("cancel").addEventListener("click", onCancel);
    $("token-input").addEventListener("input", () => decode(false));
    $("signature-form").addEventListener("submit", onVerify);
    $("validate").addEventListener("click", onValidate);
    $("export").addEventListener("click", onExport);
    $("import-file").addEventListener("change", (ev) => {
      const file = ev.target.files && ev.target.files[0];
      onImportFile(file).finally(() => { ev.target.value = ""; });
    });
    $("import-paste").addEventListener("click", () => importText($("import-text").value, "the pasted text"));
    $("demo-fill").addEventListener("click", () => fillDemo());
    wireDrop();

    for (const id of ["verify-signature", "export", "import-paste"]) $(id).disabled = false;
    state.ready = true;
    updateBusy();
    if ($("token-input").value) decode(true);
  }

  let started = false;

  async function onReady() {
    if (started || !window.magetoken) return;
    started = true;
    try {
      wire();
      await loadServerInfo();
      updateRouteNote();
      $("load-status").dataset.state = "ok";
      $("load-message").textContent = "Ready.";
      log("info", "Ready: magetoken " + (magetoken.version || "") + ".");
      document.body.dataset.ready = "true";
    } catch (err) {
      fail("The page could not start: " + (err && err.message));
    }
  }

  function fail(message) {
    window.magetokenError = message;
    const box = $("load-status");
    box.dataset.state = "error";
    box.setAttribute("role", "alert");
    $("load-message").textContent = message;
    $("load-help").hidden = false;
    document.body.dataset.ready = "false";
    try {
      log("error", message);
    } catch {
      // The log is best effort while the page fails.
    }
  }

  async function load() {
    if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
      fail("This browser cannot run WebAssembly, which the page needs.");
      return;
    }
    if (typeof Go !== "function") {
      fail("wasm_exec.js is missing, so the token tools cannot start.");
      return;
    }
    document.addEventListener("magetoken:ready", onReady, { once: true });
    const go = new Go();
    let instance;
    try {
      const res = await fetch("main.wasm");
      if (!res.ok) throw new Error("main.wasm could not be loaded (HTTP " + res.status + ")");
      const type = res.headers.get("Content-Type") || "";
      const result = WebAssembly.instantiateStreaming && type.startsWith("application/wasm")
        ? await WebAssembly.instantiateStreaming(res, go.importObject)
        : await WebAssembly.instantiate(await res.arrayBuffer(), go.importObject);
      instance = result.instance;
    } catch (err) {
      fail("The token tools did not load: " + ((err && err.message) || err) + ".");
      return;
    }
    go.run(instance).then(() => {
      fail("The token tools stopped unexpectedly. Reload the page.");
    });
    if (window.magetokenReady) onReady();
  }

  window.addEventListener("error", (ev) => {
    log("error", "Unexpected page error: " + (ev.message || "unknown"));
  });
  window.addEventListener("unhandledrejection", (ev) => {
    const r = ev.reason;
    log("error", "Unexpected page error: " + ((r && r.message) || String(r)));
    ev.preventDefault();
  });

  load();
})();
