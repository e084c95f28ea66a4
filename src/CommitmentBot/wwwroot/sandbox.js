// CommitmentBot sandbox: a small chat client over /sandbox/api (no framework, no build step).
(() => {
  "use strict";
  const api = "/sandbox/api";
  const state = { users: [], current: null, channel: "escalations", transcripts: {}, clock: null };
  const $ = (id) => document.getElementById(id);

  async function call(method, path, body) {
    const response = await fetch(api + path, {
      method,
      headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (!response.ok) {
      throw new Error((data && (data.detail || data.title)) || response.statusText);
    }
    return data;
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }

  // `code` and line breaks; everything else is shown as typed.
  function format(text) {
    return escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>");
  }

  function when(iso) {
    const d = new Date(iso);
    return d.toUTCString().replace(":00 GMT", " UTC");
  }

  function transcript(userId) {
    if (!state.transcripts[userId]) state.transcripts[userId] = [];
    return state.transcripts[userId];
  }

  function renderMessage(entry, owner) {
    const el = document.createElement("div");
    if (entry.kind === "me") {
      el.className = "msg me";
      el.innerHTML = `<span class="meta">you · ${when(entry.at)}</span><code>/promise ${escapeHtml(entry.text)}</code>`;
      return el;
    }
    const m = entry.message;
    el.className = `msg bot ${m.kind}`;
    el.dataset.messageId = m.id;
    const label = entry.kind === "dm" ? "CommitmentBot · direct message" : "CommitmentBot";
    el.innerHTML = `<span class="meta">${label} · ${when(m.at)}</span>${format(m.text)}`;
    if (m.buttons && m.buttons.length) {
      const row = document.createElement("div");
      row.className = "buttons";
      for (const b of m.buttons) {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = b.label;
        button.className = b.style || "";
        button.dataset.actionId = b.actionId;
        button.addEventListener("click", () => onButton(m, b, el, owner));
        row.appendChild(button);
      }
      el.appendChild(row);
    }
    return el;
  }

  function onButton(message, button, el, owner) {
    const wanted = button.inputs || [];
    if (!wanted.length) {
      click(owner, message.id, button.actionId, undefined);
      return;
    }
    // Buttons that submit inputs open a small form first (a modal on Slack, a card form on Teams).
    let form = el.querySelector("form.inputs");
    if (form) { form.remove(); return; }
    form = document.createElement("form");
    form.className = "inputs";
    for (const input of wanted) {
      const label = document.createElement("label");
      label.textContent = input.label;
      const field = document.createElement("input");
      field.name = input.id;
      field.type = input.kind === "date" ? "date" : input.kind === "time" ? "time" : "text";
      if (input.initial) field.value = input.initial;
      if (input.required) field.required = true;
      label.appendChild(field);
      form.appendChild(label);
    }
    const submit = document.createElement("button");
    submit.type = "submit";
    submit.textContent = button.label;
    form.appendChild(submit);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const values = {};
      for (const field of form.querySelectorAll("input")) if (field.value) values[field.name] = field.value;
      click(owner, message.id, button.actionId, values);
    });
    el.appendChild(form);
  }

  async function click(userId, messageId, actionId, values) {
    try {
      const result = await call("POST", "/click", { user: userId, messageId, actionId, values });
      transcript(userId).push({ kind: "bot", message: result.reply, at: result.reply.at });
    } catch (error) {
      transcript(userId).push({ kind: "bot", message: errorMessage(error.message), at: state.clock });
    }
    await refresh();
  }

  function errorMessage(text) {
    return { id: "", text, buttons: [], inputs: [], kind: "Error", at: state.clock || new Date().toISOString() };
  }

  async function say(text) {
    const userId = state.current;
    transcript(userId).push({ kind: "me", text, at: state.clock });
    try {
      const result = await call("POST", "/say", { user: userId, text });
      transcript(userId).push({ kind: "bot", message: result.reply, at: result.reply.at });
    } catch (error) {
      transcript(userId).push({ kind: "bot", message: errorMessage(error.message), at: state.clock });
    }
    await refresh();
  }

  async function renderChat() {
    const userId = state.current;
    const inbox = await call("GET", `/inbox/${encodeURIComponent(userId)}`);
    const entries = transcript(userId).concat(inbox.map((m) => ({ kind: "dm", message: m, at: m.at })));
    // Stable merge by time: what you typed, the bot's replies and direct messages, oldest first.
    entries.forEach((e, i) => (e.order = i));
    entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.order - b.order));
    const box = $("messages");
    box.replaceChildren(...entries.map((e) => renderMessage(e, userId)));
    if (!entries.length) box.innerHTML = '<p class="empty">No messages yet. Make a promise below.</p>';
    box.scrollTop = box.scrollHeight;
  }

  async function renderChannel() {
    const posts = await call("GET", `/channels/${encodeURIComponent(state.channel)}`);
    const box = $("channel-messages");
    $("channel-name").textContent = state.channel;
    box.replaceChildren(...posts.map((m) => renderMessage({ kind: "post", message: m }, state.current)));
    if (!posts.length) box.innerHTML = '<p class="empty">Nothing escalated here yet.</p>';
    box.scrollTop = box.scrollHeight;
  }

  function renderUsers() {
    const list = $("users");
    list.replaceChildren(...state.users.map((u) => {
      const li = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = u.id === state.current ? "active" : "";
      button.dataset.user = u.id;
      button.innerHTML = `${escapeHtml(u.name)}<span class="zone">${escapeHtml(u.zone)}${u.manager ? " · reports to " + escapeHtml(u.manager) : ""}${u.admin ? " · admin" : ""}</span>`;
      button.addEventListener("click", () => { state.current = u.id; refresh(); });
      li.appendChild(button);
      return li;
    }));
    const me = state.users.find((u) => u.id === state.current);
    $("current-user").textContent = me ? me.name : state.current;
  }

  async function refreshClock() {
    const clock = await call("GET", "/clock");
    state.clock = clock.now;
    state.next = clock.next;
    $("clock-now").textContent = when(clock.now);
    $("to-due").disabled = !clock.next;
    $("to-due").title = clock.next ? `Move the clock to ${when(clock.next)}` : "Nothing is scheduled";
  }

  async function refresh() {
    state.users = await call("GET", "/users");
    if (!state.current || !state.users.some((u) => u.id === state.current)) state.current = state.users.length ? state.users[0].id : null;
    renderUsers();
    await refreshClock();
    if (state.current) await renderChat();
    await renderChannel();
  }

  async function advance(body) {
    try {
      await call("POST", "/clock", body);
    } catch (error) {
      alert(error.message);
    }
    await refresh();
  }

  document.querySelectorAll("[data-advance]").forEach((b) => b.addEventListener("click", () => advance({ advance: b.dataset.advance })));
  $("to-due").addEventListener("click", () => state.next && advance({ to: state.next }));
  $("say-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const field = $("say-text");
    const text = field.value.trim().replace(/^\/promise\s*/i, "");
    if (!text || !state.current) return;
    field.value = "";
    say(text);
  });
  $("user-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const data = Object.fromEntries(new FormData(form));
    try {
      await call("PUT", `/users/${encodeURIComponent(data.id)}`, { name: data.name || null, zone: data.zone || null, manager: data.manager || null, admin: !!data.admin });
      $("user-error").textContent = "";
      state.current = data.id;
      form.reset();
      await refresh();
    } catch (error) {
      $("user-error").textContent = error.message;
    }
  });
  document.querySelectorAll(".channel-link").forEach((b) => b.addEventListener("click", () => { state.channel = b.dataset.channel; renderChannel(); }));

  refresh().catch((error) => { document.body.insertAdjacentHTML("afterbegin", `<p class="form-error">${escapeHtml(error.message)}</p>`); });
})();
