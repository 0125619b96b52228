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
    accepted: "", // the token the store last accepted, until the token or the store changes
    acceptedUser: "", // the username whose login got state.accepted, or "" when validated
    validated: null, // tokenKey() of the token step 4's result is about; null when none shows
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

  // fingerprint names a token by its last characters, enough to tell two
  // apart: Magento's JWTs all begin alike, with the same header. It shows
  // at most 6 characters, and less than a third of a short token.
  function fingerprint(token) {
    if (!token) return "(none)";
    return "…" + token.slice(token.length - Math.min(6, Math.floor(token.length / 3)));
  }

  // ---------------------------------------------------------------- status lines

  // setStatus fills a status element: a headline, an optional hint (what to
  // do next), what the store said (said, after saidLabel) and technical
  // details, which start collapsed. Everything is inserted as text.
  function setStatus(el, st, parts = {}) {
    el.dataset.state = st;
    if (parts.kind) el.dataset.kind = parts.kind;
    else delete el.dataset.kind;
    const nodes = [];
    for (const [cls, text] of [["headline", parts.headline], ["hint", parts.hint]]) {
      if (!text) continue;
      const p = document.createElement("p");
      p.className = cls;
      p.textContent = text;
      nodes.push(p);
    }
    if (parts.said) {
      const p = document.createElement("p");
      p.className = "said";
      const label = document.createElement("span");
      label.className = "label";
      label.textContent = parts.saidLabel || "The store said: ";
      p.append(label, "“" + parts.said + "”");
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
    if (parts.details) nodes.push(technicalDetails(parts.details));
    el.replaceChildren(...nodes);
  }

  // technicalDetails returns a collapsed box holding text for whoever
  // debugs the store: error chains, HTTP statuses, parser messages.
  function technicalDetails(text) {
    const box = document.createElement("details");
    box.className = "technical";
    const summary = document.createElement("summary");
    summary.textContent = "Technical details";
    const p = document.createElement("p");
    p.textContent = text;
    box.append(summary, p);
    return box;
  }

  function clearStatus(el) {
    setStatus(el, "idle");
  }

  // errorParts turns a rejected magetoken call into status parts: the title
  // and the hint in plain words, what the store said, and the technical
  // message collapsed, unless the module found it adds nothing.
  function errorParts(err, headline) {
    const kind = (err && err.kind) || "internal";
    const message = (err && err.message) || String(err);
    const title = headline || (err && err.title) || message;
    const parts = { kind, headline: title, hint: err && err.hint };
    if (err && err.storeMessage) {
      parts.said = err.storeMessage;
      // Through this server, a refusal comes from the server, not the store.
      if (kind === "server" && $("route").value === "server") parts.saidLabel = "The answer: ";
    }
    const details = err && typeof err.details === "string" ? err.details : message;
    if (details && details !== title && details !== parts.hint) parts.details = details;
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
      updateDomainWarning("");
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
    updateDomainWarning(d.domain);
    updateRouteNote();
  }

  // updateDomainWarning warns when the domain's path goes into the admin
  // panel (/admin, a custom /admin_1xyz, or a page below it such as
  // /admin/dashboard): the REST API is not below it but below the store's
  // base URL, the part before. The value is left as typed.
  function updateDomainWarning(domain) {
    const note = $("domain-warning");
    const segments = domain.split("/");
    const at = segments.findIndex((seg, i) => i > 0 && /^admin/i.test(seg));
    if (at < 0) {
      note.hidden = true;
      note.textContent = "";
      return;
    }
    const base = segments.slice(0, at).join("/");
    const admin = segments.slice(at).filter(Boolean).join("/");
    note.textContent = "This looks like the admin panel's address. The API lives at the " +
      "store's base URL, such as " + base + ", without /" + admin + ".";
    note.hidden = false;
  }

  // settingsChanged marks what was shown for the old store settings as
  // stale: the login and validation results, and the websites. The token
  // stays; whether the new store accepts it is unknown until validated.
  function settingsChanged() {
    for (const id of ["login-status", "validate-status"]) {
      const el = $(id);
      if (el.dataset.state === "idle" || el.dataset.state === "busy") continue;
      setStatus(el, "idle", { headline: "The store settings changed: " +
        (id === "login-status" ? "log in again" : "validate again") + " if needed." });
    }
    $("store-info").hidden = true;
    state.validated = null;
    if (state.accepted) {
      state.accepted = "";
      if (state.decoded) renderTokenStatus(state.decoded);
    }
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
      state.accepted = res.token;
      state.acceptedUser = username;
      decode(true);
      const n = (res.websites || []).length;
      setStatus(status, "ok", {
        headline: "Logged in as " + username + ".",
        hint: "The store issued a token and accepts it (" + plural(n, "website") + "). " +
          "It is shown in step 3; download it in step 5.",
      });
      // The login listed the websites with this very token: that is step 4's
      // answer for it.
      setStatus($("validate-status"), "ok", {
        headline: "The store accepts this token: logging in as " + username +
          " listed its websites.",
      });
      showStoreInfo(res.websites, res.storeViews);
      state.validated = tokenKey();
      log("info", "Logged in as " + username + ": token " + fingerprint(res.token) + " received.");
    } catch (err) {
      onLoginError(err, status, username);
    }
  }

  function onLoginError(err, status, username) {
    const kind = err && err.kind;
    if (kind === "twoFactorRequired") {
      const providers = err.activeProviders || [];
      if (providers.length === 0 || providers.includes("google")) {
        // The normal next step, not a failure: ask for the code.
        setStatus(status, "info", errorParts(err));
        showCode();
        log("info", "The store asks " + username + " for a two-factor code.");
      } else {
        showError(status, err);
        log("warn", "The store asks " + username + " for a second factor this page cannot " +
          "give (" + providers.join(", ") + ").");
      }
      return;
    }
    forgetAcceptance(username);
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

  // forgetAcceptance stops step 3 from saying the store accepted the token
  // after a failed login, unless that token came from logging in as the same
  // username: the store's yes was not for the account just tried.
  function forgetAcceptance(username) {
    if (!state.accepted || state.acceptedUser === username) return;
    state.accepted = "";
    state.acceptedUser = "";
    if (state.decoded) renderTokenStatus(state.decoded);
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
    if (state.validated !== null && state.validated !== tokenKey()) {
      resetValidation(tokenKey()
        ? "The token changed: validate it to ask the store."
        : "The token was cleared: log in or paste a token to validate it.");
    }

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
    // Text that is no token at all gets that said, not a list of clean-ups.
    const notToken = v.kind === "unknown";
    const cleaned = notToken ? [] : v.cleaned || [];
    $("token-cleaned").textContent = cleaned.length ? "Cleaned up: " + cleaned.join("; ") + "." : "";

    renderTokenStatus(v);

    $("token-details").hidden = v.status === "empty";
    $("token-user-type").textContent = v.userTypeName
      ? v.userTypeName + (v.userId ? " (user ID " + v.userId + ")" : "")
      : "–";
    $("token-issued").textContent = formatTime(v.issuedAtMs);
    $("token-expires").textContent = formatTime(v.expiresAtMs);

    // Show only the facts the token has; an opaque token has no expiry,
    // which is worth saying.
    fact("token-user-type", !!v.userTypeName);
    fact("token-issued", !!v.issuedAtMs);
    fact("token-expires", !!v.expiresAtMs);
    fact("token-countdown", !!v.expiresAtMs || v.status === "opaque");

    const warnings = (v.warnings || []).slice();
    // A broken signature part that the status already names is not repeated.
    const signatureIsStatus = v.status === "broken" && !v.headerError && !v.claimsError;
    if (v.signatureError && !signatureIsStatus) {
      warnings.push("Signature part: " + v.signatureError);
    }
    const list = $("token-warnings");
    list.replaceChildren(...warnings.map((w) => {
      const li = document.createElement("li");
      li.textContent = w;
      return li;
    }));

    setPart($("token-header"), v.headerJSON, v.headerError);
    setPart($("token-claims"), v.claimsJSON, v.claimsError);
    const header = !!(v.headerJSON || v.headerError);
    const claims = !!(v.claimsJSON || v.claimsError);
    $("token-header").parentElement.hidden = !header;
    $("token-claims").parentElement.hidden = !claims;
    $("token-header").closest(".parts").hidden = !header && !claims;
    $("token-facts").hidden = !$("token-facts").querySelector("div:not([hidden])");
    clearStatus($("signature-status"));
  }

  // fact shows or hides one box of the token's facts.
  function fact(id, shown) {
    $(id).closest(".facts > div").hidden = !shown;
  }

  // renderTokenStatus shows the token's status; a token the store accepted
  // says so, until the token or the store settings change.
  function renderTokenStatus(v) {
    const st = $("token-status");
    st.dataset.status = v.status;
    st.dataset.state = STATUS_STATE[v.status] || "idle";
    if (st.dataset.state === "error") st.dataset.kind = v.status;
    else delete st.dataset.kind;
    let text = v.statusText || "";
    if (state.accepted && v.token && v.token === state.accepted) {
      text = v.status === "valid"
        ? "A valid admin token, and the store accepted it."
        : text.replace(/ Validate it with the store\.$/, "") + " The store accepted it.";
    }
    st.textContent = text;
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
    if (v && (v.expiresAtMs || v.status === "notyet")) {
      state.timer = setInterval(tick, 1000);
    }
    tick();
  }

  // validFromMs returns when a token that is not valid yet becomes valid:
  // the later of its nbf and iat, or Infinity when it has neither.
  function validFromMs(v) {
    return Math.max(v.notBeforeMs || 0, v.issuedAtMs || 0) || Infinity;
  }

  function tick() {
    const el = $("token-countdown");
    const v = state.decoded;
    if (v && v.status === "notyet" && Date.now() >= validFromMs(v)) {
      // The token's start passed while the page was open: decode again so
      // the status says so. The claims are whole seconds, so the new status
      // is no longer notyet and this does not repeat.
      decode(true);
      return;
    }
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
        headline: r.title || "The signature does not match.",
        hint: r.hint || r.error,
      });
      log("warn", "Signature of token " + fingerprint(state.token) + " not confirmed: " + r.error);
    }
  }

  // ---------------------------------------------------------------- validate

  // tokenKey names what is in the token box, for telling whether step 4's
  // result is about it: the normalised token, or the text when it is none.
  function tokenKey() {
    return state.token || $("token-input").value.trim();
  }

  // resetValidation takes step 4's result down, since it was about another
  // token or other settings, and says why. A running request keeps its busy
  // status; onValidate checks the token when the answer comes.
  function resetValidation(headline) {
    state.validated = null;
    $("store-info").hidden = true;
    const el = $("validate-status");
    if (el.dataset.state === "busy") return;
    setStatus(el, "idle", { headline });
  }

  async function onValidate() {
    if (state.busy || !state.ready) return;
    const status = $("validate-status");
    const s = settings();
    $("store-info").hidden = true;
    state.validated = tokenKey();
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
    const token = state.token;
    try {
      const res = await network(opts, () => magetoken.validate(s, token));
      const n = (res.websites || []).length;
      log("info", "The store accepts token " + fingerprint(token) + " (" +
        plural(n, "website") + ").");
      if (state.token !== token) return answerTooLate();
      if (state.accepted !== token) state.acceptedUser = "";
      state.accepted = token;
      renderTokenStatus(state.decoded);
      state.validated = tokenKey();
      setStatus(status, "ok", {
        headline: "The store accepts this token.",
        hint: "It has " + plural(n, "website") + ".",
      });
      showStoreInfo(res.websites, res.storeViews);
    } catch (err) {
      log(err && err.kind === "canceled" ? "warn" : "error", "Validation of token " +
        fingerprint(token) + " failed: " + errorLine(err));
      if (state.token !== token) return answerTooLate();
      if (err && err.kind === "unauthorized" && state.accepted === token) {
        state.accepted = "";
        renderTokenStatus(state.decoded);
      }
      const headline = err && err.kind === "unauthorized"
        ? "The store refused the token." : undefined;
      state.validated = tokenKey();
      showError(status, err, headline);
    }
  }

  // answerTooLate leaves step 4 idle when the token changed while the store
  // was asked about the previous one: its answer is in the activity log.
  function answerTooLate() {
    state.validated = null;
    setStatus($("validate-status"), "idle", {
      headline: "The token changed while the store was asked: validate it to ask the store.",
    });
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
    const refusal = exportRefusal();
    if (refusal) {
      setStatus(status, "error", refusal);
      log("warn", "Download refused: " + refusal.headline);
      $("token-input").focus();
      return;
    }
    const withPassword = $("export-password").checked;
    const config = {
      // A domain that does not parse goes as typed, for exportConfig to say why.
      domain: d.error ? s.domain : d.domain,
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
      const domain = out && out.kind === "invalidDomain";
      showError(status, out, domain ? "Fix the store domain in step 1 first."
        : "The file could not be written.");
      if (domain) $("domain").focus();
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

    const hasPassword = withPassword && config.password !== "";
    const what = [state.token ? "token " + fingerprint(state.token) : "no token",
      hasPassword ? "with the password" : "without the password"];
    const note = exportNote(hasPassword);
    setStatus(status, note.state, {
      kind: note.kind,
      headline: "Downloaded magento-config.json (" + what.join(", ") + ").",
      hint: note.hint,
    });
    log(note.state === "warn" ? "warn" : "info",
      "Downloaded magento-config.json (" + what.join(", ") + ")." +
      (note.state === "warn" ? " " + note.hint : ""));
  }

  // exportRefusal returns why the token box cannot go into a file, or null.
  // A file with a token MyMagento cannot use fails later, far from here.
  function exportRefusal() {
    const v = state.decoded;
    const pasted = $("token-input").value.trim() !== "";
    const what = "Clear the token box to download a file without a token, or paste a " +
      "good admin token, or get a new one in step 2.";
    if (pasted && (!state.token || !v || v.status === "broken")) {
      return { kind: "brokenToken", headline: "The token box holds no usable token.", hint: what };
    }
    if (v && v.status === "nonadmin") {
      return { kind: "nonAdminToken", headline: "This is not an admin token: MyMagento could " +
        "not use it.", hint: what };
    }
    return null;
  }

  // exportNote says what MyMagento can do with the file just written.
  // MyMagento uses the token; when the token is missing, or the store
  // answers 401, it logs in again, which needs the password.
  function exportNote(hasPassword) {
    const status = state.decoded ? state.decoded.status : "empty";
    if (!state.token) {
      return hasPassword
        ? { state: "ok", hint: "MyMagento will log in with the password to get a token. " +
            PASSWORD_RISK + " Keep it private." }
        : { state: "warn", kind: "noCredentials", hint: "The file holds neither a token nor " +
            "the password, so MyMagento will not be able to sign in. Log in or paste a " +
            "token, or tick 'Include the password', and download it again." };
    }
    if (status === "expired") {
      return hasPassword
        ? { state: "warn", kind: "expiredToken", hint: "The token has expired: MyMagento " +
            "will log in again with the password in the file. " + PASSWORD_RISK +
            " Keep it private." }
        : { state: "warn", kind: "expiredToken", hint: "The token has expired, and MyMagento " +
            "can only log in again with the password. Tick 'Include the password', or get a " +
            "fresh token in step 2, and download it again." };
    }
    if (status === "notyet") {
      return { state: "warn", kind: "tokenNotYetValid", hint: "The token is not valid yet: " +
        "check the clocks of this computer and of the store. " +
        (hasPassword ? PASSWORD_RISK + " Keep it private." : "Keep the file private.") };
    }
    if (hasPassword) {
      return { state: "ok", hint: "It holds a token and the password. " + PASSWORD_RISK +
        " Keep it private." };
    }
    return { state: "ok", hint: "It holds a token: anyone with the file can act as this admin" +
      (state.decoded && state.decoded.expiresAtMs ? " until the token expires" : "") +
      ". Keep it private." };
  }

  // PASSWORD_RISK is what a file with the password allows: unlike a token,
  // a password does not expire.
  const PASSWORD_RISK = "With the password, anyone with the file can sign in as this admin " +
    "until the password is changed.";

  // updateExportWarning says what the file will give away, with the
  // password ticked or not.
  function updateExportWarning() {
    $("export-warning").textContent = $("export-password").checked
      ? "The file holds the token and the password. " + PASSWORD_RISK +
        " Keep it out of version control and shared folders."
      : "The file holds the token: anyone with it can act as this admin until the token " +
        "expires. Keep it out of version control and shared folders.";
  }

  // ---------------------------------------------------------------- import

  const IMPORT_MAX = 1 << 20;

  // PASTED is the source name of pasted text, in messages.
  const PASTED = "the pasted text";

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
  // as code and kept in data-key. A JSON syntax error is told in words, with
  // the parser's message collapsed.
  function problem(level, text, pasted) {
    const li = document.createElement("li");
    li.dataset.level = level;
    if (pasted) text = text.replace(/\bthe file\b/g, "the text");
    const syntax = /^(the (?:file|text) is not valid JSON): (.+), at (line \d+, column \d+)$/
      .exec(text);
    const named = /"([A-Za-z_][\w-]{0,40})"/.exec(text);
    if (syntax) {
      li.append(sentenceCase(syntax[1]) + ": look near " + syntax[3] + ".",
        technicalDetails(syntax[2]));
    } else if (named && named.index === 0) {
      li.dataset.key = named[1];
      const code = document.createElement("code");
      code.textContent = named[1];
      li.append(code, text.slice(named[0].length));
    } else {
      if (named) li.dataset.key = named[1];
      li.textContent = sentenceCase(text);
    }
    return li;
  }

  function sentenceCase(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  function importText(text, source) {
    const status = $("import-status");
    const problems = $("import-problems");
    if (!text.trim()) {
      importFailed(source, "There is nothing to load: the text is empty.");
      return;
    }
    const r = magetoken.importConfig(text);
    const pasted = source === PASTED;
    const errors = r.errors || [];
    const warnings = r.warnings || [];
    problems.replaceChildren(...errors.map((e) => problem("error", e, pasted)),
      ...warnings.map((w) => problem("warn", w, pasted)));
    if (errors.length || !r.config) {
      const keyed = problems.querySelector('li[data-level="error"][data-key]');
      const it = pasted ? "the text" : "the file";
      setStatus(status, "error", {
        kind: "invalidConfig",
        headline: "Not loaded: " + plural(errors.length, "problem") + " in " + source + ".",
        hint: (keyed ? "Fix the keys listed below and load " + it + " again."
          : "Fix " + it + " as said below and load it again.") + " The form was not changed.",
      });
      log("error", "Could not load " + source + ": " + errors.join("; "));
      return;
    }
    const cleared = clearedBy(r.config, pasted);
    fillForm(r.config);
    const hints = [cleared,
      warnings.length ? plural(warnings.length, "warning") + ": see below." : ""];
    setStatus(status, "ok", {
      headline: "Loaded " + source + (r.config.domain ? " for " + r.config.domain : "") + ".",
      hint: hints.filter(Boolean).join(" "),
    });
    log(warnings.length ? "warn" : "info", "Loaded " + source + (r.config.token
      ? " with token " + fingerprint(r.config.token) : " without a token") +
      (warnings.length ? " (" + plural(warnings.length, "warning") + ")" : "") + "." +
      (cleared ? " " + cleared : ""));
  }

  // clearedBy says which filled-in secrets loading config empties, since a
  // file without them clears their boxes: "" when it empties none.
  function clearedBy(config, pasted) {
    const boxes = [["token", "token-input"], ["username", "username"], ["password", "password"]]
      .filter(([key, id]) => !config[key] && $(id).value.trim() !== "")
      .map(([key]) => key);
    if (!boxes.length) return "";
    const names = boxes.length === 1 ? boxes[0]
      : boxes.slice(0, -1).join(", ") + " or " + boxes[boxes.length - 1];
    const those = boxes.length === 1 ? "the " + boxes[0] + " box was"
      : "those boxes were";
    return (pasted ? "The text" : "The file") + " holds no " + names + ": " + those + " cleared.";
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
    state.accepted = "";
    decode(true);
    clearStatus($("login-status"));
    if (state.validated !== null) {
      resetValidation("The store settings changed: validate again if needed.");
    }
    updateDomainWarning(parsedDomain(c.domain || "").domain || "");
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
    const hasDemo = demo && Array.isArray(demo.accounts) && demo.accounts.length > 0;
    if (hasDemo) {
      renderDemo(demo);
      log("info", "This server runs a demo store at " + location.host + (demo.path || "/demo") + ".");
    } else if (stores.length > 0) {
      // A store without CORS headers is reachable only through the server.
      // The demo store, on this origin, works directly; so it keeps the
      // default when there is one.
      $("route").value = "server";
      log("info", "This server forwards to " + plural(stores.length, "store") +
        ": connecting through it.");
    }
  }

  function useStore(url) {
    const d = parsedDomain(url);
    if (d.error) return;
    $("domain").value = d.domain;
    $("protocol").value = /^http:\/\//i.test(url) ? "http" : "https";
    $("route").value = "server";
    hideCode();
    settingsChanged();
    updateDomainWarning(d.domain);
    updateRouteNote();
    log("info", "Using " + d.domain + " through this server.");
    $("username").focus();
  }

  function renderDemo(demo) {
    const list = $("demo-accounts");
    list.replaceChildren(...demo.accounts.map((acc) => {
      const li = document.createElement("li");
      const text = document.createElement("div");
      text.className = "account";
      const login = document.createElement("p");
      const user = document.createElement("code");
      user.textContent = acc.username;
      const pass = document.createElement("code");
      pass.textContent = acc.password;
      login.append(user, " / ", pass, acc.twoFactor
        ? " — asks for a Google Authenticator code."
        : " — password only.");
      text.append(login);
      if (acc.twoFactor) text.append(demoSecret(acc.twoFactorSecret));
      const use = document.createElement("button");
      use.type = "button";
      use.className = "secondary";
      use.textContent = "Use";
      use.setAttribute("aria-label", "Use the demo account " + acc.username);
      use.addEventListener("click", () => fillDemo(acc));
      li.append(text, use);
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

  // demoSecret tells where the demo 2FA account's codes come from. The
  // secret is public: it belongs to the demo store only.
  function demoSecret(secret) {
    const p = document.createElement("p");
    p.className = "note";
    if (typeof secret !== "string" || !secret) {
      p.textContent = "The server printed its 2FA secret when it started.";
      return p;
    }
    const code = document.createElement("code");
    code.textContent = secret;
    const cmd = document.createElement("code");
    cmd.textContent = "oathtool --totp -b " + secret;
    p.append("Its 2FA secret: ", code, ". Add it to an authenticator app, or run ", cmd, ".");
    return p;
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
    settingsChanged();
    clearStatus($("login-status"));
    updateDomainWarning("");
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
    for (const id of ["domain", "protocol", "scope", "route"]) {
      $(id).addEventListener("change", settingsChanged);
    }
    $("username").addEventListener("change", hideCode);
    $("login-form").addEventListener("submit", onLogin);
    $("cancel").addEventListener("click", onCancel);
    $("token-input").addEventListener("input", () => {
      state.accepted = "";
      decode(false);
    });
    $("signature-form").addEventListener("submit", onVerify);
    $("validate").addEventListener("click", onValidate);
    $("export").addEventListener("click", onExport);
    $("export-password").addEventListener("change", updateExportWarning);
    updateExportWarning();
    $("import-file").addEventListener("change", (ev) => {
      const file = ev.target.files && ev.target.files[0];
      onImportFile(file).finally(() => { ev.target.value = ""; });
    });
    $("import-paste").addEventListener("click", () => importText($("import-text").value, PASTED));
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
